package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code pi --mode rpc} child. A dedicated reader thread parses stdout and routes responses
 * (by {@code id}) and events (to the current {@link PiTurn}); stderr is drained to the log. Nothing
 * here blocks a caller: requests return futures completed by the reader thread.
 */
final class PiProcess {
    private static final Logger LOG = LoggerFactory.getLogger(PiProcess.class);
    private static final Logger STDERR = LoggerFactory.getLogger("io.pigateway.rpc.pi-stderr");
    private static final int STDERR_TAIL_LINES = 20;
    static final String CRASHED_MESSAGE =
            "The agent process stopped unexpectedly while answering; please send your message again.";

    private final long serial;
    private final PiProcessSpec spec;
    private final PiPoolSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<PiProcess> onExit;
    private final Map<String, CompletableFuture<PiProtocol.Response>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private Process process;
    private OutputStream stdin;
    private volatile PiTurn turn;
    private volatile boolean closing;
    /** The session file pi currently has loaded; only touched by the pool while it owns the process. */
    volatile String sessionFile;
    /** {@link Transcripts#stamp} of that file when this process last finished with it. */
    volatile String sessionStamp;
    /** Pids of the process tree when pi became ready (pi, its sandbox): what {@link #endStrays} spares. */
    private volatile Set<Long> residents = Set.of();
    /** A tool ran since the last {@link #endStrays}: only tools run what the agent chooses. */
    private volatile boolean toolsRan;

    PiProcess(long serial, PiProcessSpec spec, PiPoolSettings settings, ScheduledExecutorService scheduler,
              Consumer<PiProcess> onExit) {
        this.serial = serial;
        this.spec = spec;
        this.settings = settings;
        this.scheduler = scheduler;
        this.onExit = onExit;
    }

    /** Spawns pi; the future completes at the first {@code get_state} answer (pi has no ready event). */
    CompletableFuture<Void> start() {
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        if (spec.inherited() != null) {
            Map<String, String> allowed = spec.inherited().filter(pb.environment());
            pb.environment().clear();
            pb.environment().putAll(allowed);
        }
        pb.environment().putAll(spec.env());
        if (spec.workingDir() != null) {
            pb.directory(spec.workingDir().toFile());
        }
        try {
            process = ChildProcesses.start(pb);
        } catch (IOException e) {
            String reason = "cannot run " + spec.command().get(0) + ": " + e.getMessage();
            ready.completeExceptionally(unavailable(reason));
            exited.complete(-1);
            onExit.accept(this);
            return ready;
        }
        ChildProcesses.register(process);
        stdin = process.getOutputStream();
        daemon("pi-" + serial + "-stdout", this::readStdout).start();
        daemon("pi-" + serial + "-stderr", this::drainStderr).start();
        request("get_state", null).whenComplete((r, e) -> {
            if (e == null) {
                residents = tree();
                ready.complete(null);
            }
        });
        try {
            scheduler.schedule(() -> {
                if (ready.completeExceptionally(unavailable("pi did not become ready within "
                        + settings.startTimeoutMs() + " ms"))) {
                    kill();
                }
            }, settings.startTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the pool stopped while this spawn was on its way (SIGTERM mid-respawn): a normal stop
            LOG.debug("pi #{} started while its pool stopped; ending it", serial);
            kill();
            ready.completeExceptionally(new PiRpcException("pi_unavailable", "The agent is shutting down."));
        }
        return ready;
    }

    long serial() {
        return serial;
    }

    long pid() {
        return process != null ? process.pid() : -1;
    }

    boolean isAlive() {
        return process != null && process.isAlive() && !exited.isDone();
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    CompletableFuture<Integer> exited() {
        return exited;
    }

    /**
     * The exit code as soon as the process is gone, else null: already known while {@link #ready()}
     * fails for the exit, before {@link #exited()} completes.
     */
    Integer exitCodeNow() {
        Process p = process;
        return p != null && !p.isAlive() ? Integer.valueOf(p.exitValue()) : exited.getNow(null);
    }

    boolean closing() {
        return closing;
    }

    PiTurn currentTurn() {
        return turn;
    }

    /** Sends a command; completes with pi's response, or a {@link PiRpcException} if it failed or pi died. */
    CompletableFuture<JsonNode> request(String type, ObjectNode fields) {
        return requestRaw(type, fields).thenApply(r -> {
            if (!r.success()) {
                throw new PiRpcException("rejected", "The agent refused the request: " + r.error());
            }
            return r.data();
        });
    }

    private CompletableFuture<PiProtocol.Response> requestRaw(String type, ObjectNode fields) {
        String id = type.charAt(0) + "-" + serial + "-" + ids.incrementAndGet();
        CompletableFuture<PiProtocol.Response> future = new CompletableFuture<>();
        pending.put(id, future);
        if (exited.isDone() || !write(PiProtocol.command(id, type, fields))) {
            pending.remove(id);
            future.completeExceptionally(crashed());
        }
        return future;
    }

    /** Starts a prompt as this process's current turn. The pool guarantees one turn at a time. */
    PiTurn prompt(String sessionKey, String message, PiEventListener listener) {
        PiTurn t = new PiTurn(sessionKey, listener);
        turn = t;
        t.settled().whenComplete((v, e) -> {
            if (turn == t) {
                turn = null;
            }
        });
        ObjectNode fields = PiProtocol.fields().put("message", message);
        requestRaw("prompt", fields).whenComplete((r, e) -> {
            if (e != null) {
                t.fail(e instanceof PiRpcException p ? p : crashed());
            } else if (!r.success()) {
                t.fail(new PiRpcException("rejected", "The agent could not take the message: " + r.error()));
            }
        });
        return t;
    }

    private synchronized boolean write(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("pi #{} stdin closed: {}", serial, e.toString());
            return false;
        }
    }

    private void readStdout() {
        JsonLineReader reader = new JsonLineReader(process.getInputStream(), settings.maxLineBytes());
        try {
            int len;
            long dropped = 0;
            while ((len = reader.nextLine()) >= 0) {
                if (reader.droppedLines() != dropped) {
                    dropped = reader.droppedLines();
                    LOG.warn("pi #{} wrote a line over {} bytes; dropped it", serial, settings.maxLineBytes());
                }
                try {
                    handle(PiProtocol.parse(reader.buffer(), len));
                } catch (RuntimeException e) {
                    LOG.warn("pi #{}: failed to handle a line: {}", serial, e.toString(), e);
                }
            }
        } catch (IOException e) {
            LOG.debug("pi #{} stdout closed: {}", serial, e.toString());
        }
        onEndOfStream();
    }

    private void handle(PiProtocol.Line line) {
        if (line instanceof PiProtocol.Response r) {
            CompletableFuture<PiProtocol.Response> f = r.id() != null ? pending.remove(r.id()) : null;
            if (f != null) {
                f.complete(r);
            } else {
                LOG.warn("pi #{}: response to {} command {} nobody waits for: {}", serial,
                        r.id() == null ? "an id-less" : "unknown id " + r.id(), r.command(), r.error());
            }
        } else if (line instanceof PiProtocol.Event ev) {
            if ("tool_execution_start".equals(ev.event().type())) {
                toolsRan = true;
            }
            PiTurn t = turn;
            if (t == null) {
                LOG.debug("pi #{}: event {} outside a turn", serial, ev.event().type());
                return;
            }
            if (t.onEvent(ev.event()) == TurnCompletion.Step.CONFIRM) {
                int seq = t.confirmSeq();
                // completes on this reader thread, in stream order (see TurnCompletion)
                request("get_state", null).thenAccept(state -> t.onConfirmed(seq, state));
            }
        } else if (line instanceof PiProtocol.UiRequest ui) {
            if (ui.isDialog()) {
                LOG.info("pi #{}: cancelling extension dialog '{}' (no UI in the gateway)", serial, ui.method());
                write(PiProtocol.cancelDialog(ui.id()));
            }
        } else if (line instanceof PiProtocol.Garbage g) {
            LOG.warn("pi #{}: ignoring non-JSON output: {}", serial, abbreviate(g.text()));
        }
    }

    private void drainStderr() {
        JsonLineReader reader = new JsonLineReader(process.getErrorStream(), 64 * 1024);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                STDERR.info("[pi #{}] {}", serial, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("pi #{} stderr closed", serial);
        }
    }

    private void onEndOfStream() {
        int code;
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                ChildProcesses.destroyTree(process);
            }
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        PiRpcException crash = crashed();
        pending.values().forEach(f -> f.completeExceptionally(crash));
        pending.clear();
        PiTurn t = turn;
        if (t != null) {
            t.fail(crash);
        }
        if (!ready.isDone()) {
            String reason = lastStderrLine();
            ready.completeExceptionally(unavailable(reason != null ? reason : "pi exited with code " + code));
        }
        if (!closing) {
            String last = lastStderrLine() != null ? ": " + lastStderrLine() : "";
            if (stoppedBySignal(code) && ChildProcesses.awaitShuttingDown(1_000)) {
                LOG.debug("pi #{} (pid {}) stopped with the gateway (exit code {})", serial, process.pid(), code);
            } else {
                LOG.warn("pi #{} (pid {}) exited with code {}{}", serial, process.pid(), code, last);
            }
        }
        exited.complete(code);
        onExit.accept(this);
    }

    /** 130 / 143: SIGINT / SIGTERM, what Ctrl-C or a service manager sends the whole process group. */
    static boolean stoppedBySignal(int code) {
        return code == 130 || code == 143;
    }

    /** Last non-blank stderr line, e.g. {@code Error: Unknown provider "nope"}. */
    String lastStderrLine() {
        synchronized (stderrTail) {
            var it = stderrTail.descendingIterator();
            while (it.hasNext()) {
                String l = it.next();
                if (!l.isBlank()) {
                    return l.strip();
                }
            }
            return null;
        }
    }

    /** Graceful stop: close stdin (pi exits at once), then force-kill the tree after 2 s. */
    CompletableFuture<Integer> close() {
        closing = true;
        if (process == null) {
            return exited;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        process.onExit().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> {
            kill();
            return process;
        });
        return exited;
    }

    /**
     * Kills every process in pi's tree that was not there when pi became ready: whatever an agent
     * left running (a {@code nohup} loop, a daemon). In the bwrap sandbox orphans stay in the tree
     * (its pid namespace's init adopts them), so nothing one session's agent started outlives its
     * turns into another session's. A few rounds, for processes forked while the first were killed.
     * Skipped when no tool ran since the last sweep: listing the tree scans {@code /proc} (1.5 ms
     * with ~100 processes on a loaded 2-core box), and a chat-only session starts nothing.
     *
     * @return how many were killed
     */
    int endStrays() {
        if (!toolsRan) {
            return 0;
        }
        toolsRan = false;
        Set<Long> keep = residents;
        Set<Long> ended = new java.util.HashSet<>(); // a killed one lingers in the tree until reaped
        for (int round = 0; round < 5 && process != null; round++) {
            List<ProcessHandle> strays = process.descendants()
                    .filter(h -> !keep.contains(h.pid()) && !ended.contains(h.pid())).toList();
            if (strays.isEmpty()) {
                break;
            }
            strays.forEach(h -> {
                h.destroyForcibly();
                ended.add(h.pid());
            });
        }
        if (!ended.isEmpty()) {
            LOG.info("pi #{}: ended {} process(es) an agent left running", serial, ended.size());
        }
        return ended.size();
    }

    private Set<Long> tree() {
        return process.descendants().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Immediate forced stop of pi and its children. */
    void kill() {
        closing = true;
        if (process != null) {
            ChildProcesses.destroyTree(process);
        }
    }

    private PiRpcException crashed() {
        return new PiRpcException("pi_crashed", CRASHED_MESSAGE);
    }

    static PiRpcException unavailable(String reason) {
        return new PiRpcException("pi_unavailable", "The agent could not be started: " + reason);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " chars)" : s;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "pi #" + serial + " (pid " + pid() + ")";
    }
}
