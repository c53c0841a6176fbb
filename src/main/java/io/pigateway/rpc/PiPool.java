package io.pigateway.rpc;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of pi processes shared by all sessions. Processes are not pinned: a turn takes an idle
 * process that last served its session (no switch), else any idle one and {@code switch_session}es
 * it to the session's file ({@link SessionSwitch}), else spawns one (up to max), else waits in a bounded FIFO.
 *
 * <p>With {@link PiProcessSpec#slotsDir} (the sandbox) a process sees only the transcript it is
 * serving: acquiring it for a session moves that transcript into the process's slot, releasing it
 * moves it back ({@link SessionSlots}).
 *
 * <p>Nothing blocks while waiting: waiters are futures completed when a process frees up.
 * All state is guarded by {@code lock}; side effects (spawn, hand-off) run after it is released.
 */
public final class PiPool {
    private static final Logger LOG = LoggerFactory.getLogger(PiPool.class);

    private final String name;
    // replaced by a config reload (reconfigure); read under the lock or as a snapshot
    private volatile PiProcessSpec spec;
    private volatile PiPoolSettings settings;
    /** Processes started with a spec a reload replaced: closed instead of reused once idle. */
    private final Set<PiProcess> outdated = new HashSet<>();
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final Set<PiProcess> starting = new HashSet<>();
    private final Deque<PiProcess> idle = new ArrayDeque<>();
    private final Map<PiProcess, Long> idleSince = new HashMap<>();
    private final Set<PiProcess> busy = new HashSet<>();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final SpawnBackoff backoff = new SpawnBackoff();
    private long serials;
    private long turnsServed;
    private long restarts;
    private long startFailures;
    private ScheduledFuture<?> retrySpawn;
    private boolean stopped;
    private final PiTurns turns = new PiTurns(this);
    private final PiProcessListener listener;
    private final SessionSlots slots;
    private final SessionSwitch switcher;

    private record Waiter(String sessionFile, CompletableFuture<PiProcess> future) {
    }

    public PiPool(String name, PiProcessSpec spec, PiPoolSettings settings) {
        this(name, spec, settings, PiProcessListener.NONE);
    }

    /** @param listener gives each process extra environment and hears when it is gone */
    public PiPool(String name, PiProcessSpec spec, PiPoolSettings settings, PiProcessListener listener) {
        this.listener = Objects.requireNonNull(listener);
        this.name = Objects.requireNonNull(name);
        this.spec = Objects.requireNonNull(spec);
        this.settings = Objects.requireNonNull(settings);
        this.slots = spec.slotsDir() != null ? SessionSlots.under(spec.slotsDir(), name) : SessionSlots.none();
        this.switcher = new SessionSwitch(name, slots, this::release);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pi-pool-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public PiPoolSettings settings() {
        return settings;
    }

    /** Starts the warm minimum in the background (does not wait for pi) and the idle reaper. */
    public void start() {
        slots.recover(); // a killed gateway may have left transcripts in its processes' slots
        long period = Math.max(50, Math.min(settings.idleTimeoutMs() / 4, 5_000));
        scheduler.scheduleWithFixedDelay(this::reapIdle, period, period, TimeUnit.MILLISECONDS);
        scheduler.execute(() -> run(locked(this::dispatch))); // dispatch reads the pool's state: under its lock
    }

    /** Ends every process this pool started and fails whoever still waits. */
    public void stop() {
        List<PiProcess> all;
        List<Waiter> pendingWaiters;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            all = processesLocked();
            pendingWaiters = new ArrayList<>(waiters);
            waiters.clear();
        }
        scheduler.shutdownNow();
        PiRpcException down = new PiRpcException("pi_unavailable", "The agent is shutting down; please try again shortly.");
        pendingWaiters.forEach(w -> w.future().completeExceptionally(down));
        CompletableFuture<?>[] exits = all.stream().map(PiProcess::close).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            all.forEach(PiProcess::kill);
        }
        all.forEach(p -> slots.retire(p.serial())); // the exit handler may not have run yet
    }

    /**
     * A reloaded config: new sizes apply at once (spawning up to the new minimum, closing idle
     * processes above the new maximum); a new spawn spec (model, thinking level, skills, ...) is
     * for new processes, so idle ones are closed now and busy ones when their turn is over.
     */
    public void reconfigure(PiProcessSpec newSpec, PiPoolSettings newSettings) {
        List<PiProcess> toClose = new ArrayList<>();
        List<Runnable> actions;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (!newSpec.equals(spec)) {
                spec = newSpec;
                outdated.addAll(starting);
                outdated.addAll(busy);
                toClose.addAll(idle);
                idle.clear();
                idleSince.clear();
            }
            settings = newSettings;
            while (!idle.isEmpty() && starting.size() + idle.size() + busy.size() > newSettings.max()) {
                PiProcess p = idle.pollLast();
                idleSince.remove(p);
                toClose.add(p);
            }
            actions = dispatch();
        }
        LOG.info("pi pool '{}': reconfigured (min {}, max {}); closing {} idle process(es)", name,
                newSettings.min(), newSettings.max(), toClose.size());
        toClose.forEach(PiProcess::close);
        run(actions);
    }

    public PoolStats stats() {
        synchronized (lock) {
            return new PoolStats(starting.size() + idle.size() + busy.size(), busy.size(), idle.size(), waiters.size(),
                    turnsServed, restarts, startFailures, starting.size(), serials, backoff.lastReason());
        }
    }

    /** Pids of the live processes (diagnostics, tests). */
    public List<Long> pids() {
        synchronized (lock) {
            return processesLocked().stream().map(PiProcess::pid).filter(p -> p > 0).toList();
        }
    }

    /**
     * Runs {@code message} as a turn of the session (pi session file {@code sessionFile}).
     * The listener gets every event of the turn on the process's reader thread. Completes with the
     * final result, or a {@link PiRpcException} ({@code pi_crashed}, {@code pi_unavailable},
     * {@code pool_busy}, {@code timeout}, {@code rejected}).
     */
    public CompletableFuture<PiTurnResult> prompt(String sessionKey, String sessionFile, String message,
                                                  PiEventListener listener, long timeoutMs) {
        return turns.prompt(sessionKey, sessionFile, message, listener, timeoutMs, false);
    }

    /**
     * As {@link #prompt}, but a run that fails (stopReason {@code error}) having done nothing else
     * is first taken out of the transcript ({@link PiTurnResult#rewound}): the same message can then
     * run again, here or on another pool's model, without a second copy of it in the history.
     */
    public CompletableFuture<PiTurnResult> promptRewindingFailure(String sessionKey, String sessionFile, String message,
                                                                  PiEventListener listener, long timeoutMs) {
        return turns.prompt(sessionKey, sessionFile, message, listener, timeoutMs, true);
    }

    /** Injects a message into the session's running turn ({@code no_active_turn} if none). */
    public CompletableFuture<Void> steer(String sessionKey, String message) {
        return turns.inject(sessionKey, "steer", message);
    }

    /** Queues a message after the session's running turn ({@code no_active_turn} if none). */
    public CompletableFuture<Void> followUp(String sessionKey, String message) {
        return turns.inject(sessionKey, "follow_up", message);
    }

    /** Aborts the session's running turn; completes when pi stopped it. No-op if none runs. */
    public CompletableFuture<Void> abort(String sessionKey) {
        return turns.abort(sessionKey);
    }

    /** {@code {"stats": <get_session_stats>, "state": <get_state>}} for the session. */
    public CompletableFuture<com.fasterxml.jackson.databind.JsonNode> sessionStats(String sessionKey, String sessionFile) {
        return turns.stats(sessionKey, sessionFile);
    }

    /**
     * A process that has {@code sessionFile} loaded and is reserved for the caller, who must
     * {@link #release} it. Fails fast with {@code pool_busy} or {@code pi_unavailable}.
     */
    CompletableFuture<PiProcess> acquire(String sessionFile) {
        Waiter waiter = new Waiter(sessionFile, new CompletableFuture<>());
        List<Runnable> actions;
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.failedFuture(new PiRpcException("pi_unavailable", "The agent is shutting down."));
            }
            boolean noProcess = starting.isEmpty() && idle.isEmpty() && busy.isEmpty();
            if (noProcess && backoff.blocked(now()) && backoff.lastReason() != null) {
                return CompletableFuture.failedFuture(PiProcess.unavailable(backoff.lastReason()));
            }
            if (idle.isEmpty() && waiters.size() >= settings.maxWaiting()) {
                return CompletableFuture.failedFuture(new PiRpcException("pool_busy",
                        "The agent is busy with too many conversations right now; please try again in a moment."));
            }
            waiters.addLast(waiter);
            actions = dispatch();
        }
        run(actions);
        return waiter.future().thenCompose(p -> switcher.switchTo(p, sessionFile));
    }

    /** Gives a process back after a turn (or a failed switch); dead ones are dropped. */
    void release(PiProcess p) {
        try {
            slots.giveBack(p.serial());
        } catch (IOException e) {
            // never lend this slot again with a transcript still in it: the exit handler retries
            LOG.error("pi pool '{}': cannot move a transcript out of {}'s slot; stopping it: {}", name, p, e.toString());
            p.kill();
        }
        List<Runnable> actions;
        PiProcess toClose = null;
        synchronized (lock) {
            busy.remove(p);
            if (stopped) {
                toClose = p;
                actions = List.of();
            } else {
                if (outdated.remove(p) || starting.size() + idle.size() + busy.size() >= settings.max()) {
                    toClose = p; // its spec was replaced, or the pool shrank: not reused
                } else if (p.isAlive() && !p.closing()) {
                    idle.addLast(p);
                    idleSince.put(p, now());
                }
                actions = dispatch();
            }
        }
        if (toClose != null) {
            toClose.close();
        }
        run(actions);
    }

    void turnServed() {
        synchronized (lock) {
            turnsServed++;
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Matches idle processes to waiters (FIFO) and spawns what is needed; returns side effects to run unlocked. */
    private List<Runnable> dispatch() {
        List<Runnable> actions = new ArrayList<>();
        if (stopped) {
            return actions;
        }
        while (!waiters.isEmpty() && !idle.isEmpty()) {
            Waiter w = waiters.pollFirst();
            if (w.future().isDone()) {
                continue;
            }
            PiProcess p = pick(w.sessionFile());
            idle.remove(p);
            idleSince.remove(p);
            busy.add(p);
            actions.add(() -> {
                if (!w.future().complete(p)) {
                    release(p);
                }
            });
        }
        int total = starting.size() + idle.size() + busy.size();
        // turns waiting get processes at once; the warm minimum fills one process at a time: pi's start
        // is CPU-heavy, and several starting together on a small machine delay the first one's answer
        int warm = Math.min(settings.min(), starting.isEmpty() ? total + 1 : total);
        int wanted = Math.max(warm, Math.min(settings.max(), busy.size() + waiters.size()));
        if (ChildProcesses.shuttingDown()) {
            return actions; // the JVM is stopping (SIGTERM): no replacement for a pi that went with it
        }
        while (total < wanted && !backoff.blocked(now())) {
            long serial = ++serials;
            PiProcess p = new PiProcess(serial, withEnv(serial), settings, scheduler, this::onExit);
            starting.add(p);
            total++;
            actions.add(() -> p.start().whenComplete((v, e) -> onStarted(p, e)));
        }
        if (total < wanted && backoff.blocked(now()) && (retrySpawn == null || retrySpawn.isDone())) {
            long delay = Math.max(1, backoff.nextAttemptAt() - now());
            try {
                retrySpawn = scheduler.schedule(() -> run(locked(this::dispatch)), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("pi pool '{}': stopping, no respawn", name); // stop() races an exit
            }
        }
        return actions;
    }

    private PiProcessSpec withEnv(long serial) {
        return spec.plusEnv(listener.envFor(serial)).plusEnv(slots.envFor(serial));
    }

    /**
     * The session key whose turn process {@code processId} is running right now, if any: what the
     * gateway's tool endpoints act on when that process calls them.
     */
    public java.util.Optional<String> sessionServedBy(long processId) {
        return turns.sessionServedBy(processId);
    }

    /** Prefer the idle process that holds this session's current state; else the least recently used. */
    private PiProcess pick(String sessionFile) {
        PiProcess holder = switcher.holder(sessionFile);
        if (holder != null && idle.contains(holder) && sessionFile.equals(holder.sessionFile)) {
            return holder;
        }
        return idle.peekFirst();
    }

    private void onStarted(PiProcess p, Throwable error) {
        List<Runnable> actions;
        List<Waiter> failed = List.of();
        PiRpcException failure = null;
        synchronized (lock) {
            starting.remove(p);
            if (error == null && outdated.remove(p)) {
                LOG.info("pi pool '{}': {} started with a replaced spec; closing it", name, p);
            } else if (error == null && p.isAlive() && !stopped) {
                backoff.succeeded();
                idle.addLast(p);
                idleSince.put(p, now());
                LOG.info("pi pool '{}': {} ready", name, p);
            } else if (error != null && (stopped || killedBySignal(p))) {
                // stopping, or SIGTERM/SIGINT to the whole process group (Ctrl-C, systemd): not a failure
                LOG.debug("pi pool '{}': {} did not start because it or the pool was stopped", name, p);
            } else if (error != null) {
                startFailures++;
                failure = error instanceof PiRpcException e ? e : PiProcess.unavailable(String.valueOf(error));
                String reason = failure.getMessage();
                long delay = backoff.failed(now(), reason.replaceFirst("^The agent could not be started: ", ""));
                LOG.error("pi pool '{}': {} failed to start: {} (command: {}); next attempt in {} ms",
                        name, p, reason, spec.command().get(0), delay);
                if (idle.isEmpty() && busy.isEmpty() && starting.isEmpty()) {
                    failed = new ArrayList<>(waiters); // nobody could serve them before the backoff ends
                    waiters.clear();
                }
            }
            actions = dispatch();
        }
        if (error != null || stopped) {
            p.kill();
        } else if (!p.isAlive() || p.closing() || !isKnown(p)) {
            p.close();
        } else {
            listener.onReady(p.serial());
        }
        PiRpcException cause = failure;
        failed.forEach(w -> w.future().completeExceptionally(cause));
        run(actions);
    }

    private void onExit(PiProcess p) {
        List<Runnable> actions;
        synchronized (lock) {
            boolean wasReady = p.ready().isDone() && !p.ready().isCompletedExceptionally();
            idle.remove(p);
            idleSince.remove(p);
            busy.remove(p);
            switcher.forget(p);
            if (wasReady && !p.closing() && !stopped) {
                restarts++;
            }
            actions = dispatch();
        }
        slots.retire(p.serial());
        listener.onExit(p.serial());
        run(actions);
    }

    private void reapIdle() {
        List<PiProcess> reaped = new ArrayList<>();
        synchronized (lock) {
            long cutoff = now() - settings.idleTimeoutMs();
            int total = starting.size() + idle.size() + busy.size();
            for (PiProcess p : new ArrayList<>(idle)) {
                if (total <= settings.min()) {
                    break;
                }
                if (idleSince.getOrDefault(p, Long.MAX_VALUE) <= cutoff) {
                    idle.remove(p);
                    idleSince.remove(p);
                    reaped.add(p);
                    total--;
                }
            }
        }
        reaped.forEach(p -> {
            LOG.info("pi pool '{}': reaping idle {}", name, p);
            p.close();
        });
    }

    private boolean isKnown(PiProcess p) {
        synchronized (lock) {
            return idle.contains(p) || busy.contains(p);
        }
    }

    private List<PiProcess> processesLocked() {
        List<PiProcess> all = new ArrayList<>(starting);
        all.addAll(idle);
        all.addAll(busy);
        return all;
    }

    private List<Runnable> locked(java.util.function.Supplier<List<Runnable>> body) {
        synchronized (lock) {
            return body.get();
        }
    }

    private static void run(List<Runnable> actions) {
        actions.forEach(Runnable::run);
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Whether pi exited on SIGTERM/SIGINT (sent to the whole process group with the gateway). */
    private static boolean killedBySignal(PiProcess p) {
        Integer code = p.exitCodeNow(); // ready fails before exited() completes
        return code != null && PiProcess.stoppedBySignal(code);
    }
}
