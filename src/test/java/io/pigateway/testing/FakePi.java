package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic stand-in for {@code pi --mode rpc}, run as
 * {@code java -cp <test classpath> io.pigateway.testing.FakePi <script> [--session <file>] [--startup-delay-ms N]}.
 *
 * <p>Scripts: {@code normal}; {@code slow-start} (answers nothing before the startup delay,
 * default 1500 ms); {@code crash-mid-turn} (a prompt containing "crash" exits mid-stream);
 * {@code bad-output} (garbage and an over-long line on stdout); {@code out-of-order} (get_state
 * answered late, plus id-less and unknown-id responses); {@code fail-start} (stderr + exit 1);
 * {@code retry} (each prompt fails once: agent_end, auto_retry_start, then a good second run).
 *
 * <p>Prompts answer {@code echo: <message>}. A message starting {@code slow:<ms> } keeps the run
 * open that long (so steer/abort/timeouts can be tested). A message starting {@code leave-behind}
 * runs a "tool" that leaves a {@code sleep} child running and answers {@code echo: left pid <pid>}. The assistant {@code message_end}
 * carries extra fields {@code sessionFile} and {@code fakePid} so tests can tell which session and
 * process produced it. Like pi, it appends the user and assistant messages to the session file by
 * path (only when the file's folder exists: the tests that do not look at transcripts write none).
 */
public final class FakePi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private final String script;
    private volatile String sessionFile;
    private final Map<String, Integer> userMessages = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Run current;

    private FakePi(String script, String sessionFile) {
        this.script = script;
        this.sessionFile = sessionFile;
    }

    public static void main(String[] args) throws Exception {
        String script = args.length > 0 ? args[0] : "normal";
        String session = null;
        long startupDelay = "slow-start".equals(script) ? 1500 : 0;
        for (int i = 1; i + 1 < args.length; i++) {
            if ("--session".equals(args[i])) {
                session = args[i + 1];
            } else if ("--startup-delay-ms".equals(args[i])) {
                startupDelay = Long.parseLong(args[i + 1]);
            }
        }
        if ("fail-start".equals(script)) {
            System.err.println("Error: Unknown provider \"nope\". Use --list-models to see available providers.");
            System.exit(1);
        }
        Thread.sleep(startupDelay);
        if ("bad-output".equals(script)) {
            line("this is not json");
            line("{\"broken\":");
            line("{\"type\":\"response\",\"command\":\"x\",\"pad\":\"" + "x".repeat(300_000) + "\"}");
        }
        new FakePi(script, session).loop();
    }

    private void loop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String text;
        while ((text = in.readLine()) != null) {
            JsonNode cmd;
            try {
                cmd = JSON.readTree(text);
            } catch (Exception e) {
                emit(obj("type", "response").put("command", "parse").put("success", false)
                        .put("error", "Failed to parse command: " + e.getMessage()));
                continue;
            }
            handle(cmd);
        }
        System.exit(0); // stdin closed: pi exits immediately, even mid-stream
    }

    private void handle(JsonNode cmd) throws Exception {
        String type = cmd.path("type").asText();
        String id = cmd.path("id").asText(null);
        if ("out-of-order".equals(script)) {
            emit(obj("type", "response").put("command", "frobnicate").put("success", false).put("error", "Unknown command: frobnicate"));
            emit(response("unknown-id-" + id, type));
        }
        switch (type) {
            case "get_state" -> {
                ObjectNode res = response(id, type);
                res.putObject("data").put("isStreaming", current != null).put("isCompacting", false)
                        .put("sessionFile", sessionFile).put("messageCount", 2 * userMessages.getOrDefault(String.valueOf(sessionFile), 0))
                        .put("pendingMessageCount", 0);
                if ("out-of-order".equals(script)) {
                    new Thread(() -> {
                        sleep(150);
                        emit(res);
                    }).start();
                } else {
                    emit(res);
                }
            }
            case "switch_session" -> {
                sessionFile = cmd.path("sessionPath").asText();
                ObjectNode res = response(id, type);
                res.putObject("data").put("cancelled", false);
                emit(res);
            }
            case "get_session_stats" -> {
                int n = userMessages.getOrDefault(String.valueOf(sessionFile), 0);
                ObjectNode res = response(id, type);
                ObjectNode data = res.putObject("data").put("sessionFile", sessionFile).put("userMessages", n)
                        .put("assistantMessages", n).put("totalMessages", 2 * n).put("cost", 0);
                data.putObject("tokens").put("input", 10 * n).put("output", 5 * n).put("total", 15 * n);
                emit(res);
            }
            case "prompt" -> prompt(id, cmd.path("message").asText());
            case "steer", "follow_up" -> {
                Run run = current;
                if (run != null) {
                    run.queued.add(cmd.path("message").asText());
                }
                emit(response(id, type));
                emit(obj("type", "queue_update"));
            }
            case "abort" -> {
                Run run = current;
                if (run != null) {
                    run.aborted = true;
                    run.wake.countDown();
                    run.thread.join();
                }
                emit(response(id, type));
            }
            default -> emit(obj("type", "response").put("command", type).put("success", false)
                    .put("error", "Unknown command: " + type));
        }
    }

    private void prompt(String id, String message) {
        if (current != null) {
            emit(response(id, "prompt").put("success", false).put("error",
                    "Agent is already processing. Specify streamingBehavior ('steer' or 'followUp') to queue the message."));
            return;
        }
        Run run = new Run();
        String session = sessionFile;
        current = run;
        run.thread = new Thread(() -> {
            emit(response(id, "prompt"));
            userMessages.merge(String.valueOf(session), 1, Integer::sum);
            transcript(session, "user", message);
            if ("retry".equals(script)) {
                emit(obj("type", "agent_start"));
                emitAssistant(session, "", "error", "500 fake upstream error 500");
                // one write, like pi, which emits both in one tick before it reads stdin again: else the
                // reader thread could answer the gateway's get_state between them
                synchronized (OUT) {
                    emit(obj("type", "agent_end"));
                    emit(obj("type", "auto_retry_start").put("attempt", 1).put("maxAttempts", 2).put("delayMs", 50)
                            .put("errorMessage", "500 fake upstream error 500"));
                }
                sleep(50);
            }
            emit(obj("type", "agent_start"));
            emit(obj("type", "turn_start"));
            if ("crash-mid-turn".equals(script) && message.contains("crash")) {
                emitDelta("echo: ");
                OUT.flush();
                Runtime.getRuntime().halt(3);
            }
            long slowMs = message.startsWith("slow:") ? Long.parseLong(message.substring(5, message.indexOf(' '))) : 0;
            String text = "echo: " + message;
            if ("bad-output".equals(script)) {
                line("garbage in the middle of a turn");
            }
            if (message.startsWith("leave-behind")) {
                text = "echo: left pid " + leaveBehind();
            }
            emitDelta("echo: ");
            emitDelta(message);
            await(run.wake, slowMs);
            if (run.aborted) {
                emitAssistant(session, "", "aborted", "Request was aborted");
            } else {
                for (String queued : run.queued) {
                    userMessages.merge(String.valueOf(session), 1, Integer::sum);
                    emit(obj("type", "turn_start"));
                    text = "echo: " + queued;
                    emitDelta(text);
                }
                emitAssistant(session, text, "stop", null);
                transcript(session, "assistant", text);
                if ("retry".equals(script)) {
                    emit(obj("type", "auto_retry_end").put("success", true).put("attempt", 1));
                }
                emit(obj("type", "turn_end"));
            }
            current = null;
            emit(obj("type", "agent_end"));
        }, "fake-pi-run");
        run.thread.start();
    }

    /** Like an agent's {@code nohup … &}: a tool starts a process that outlives the turn. */
    private static long leaveBehind() {
        emit(obj("type", "tool_execution_start").put("toolName", "bash"));
        try {
            return new ProcessBuilder("sleep", "120").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().pid();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Appends a pi-style message entry whose parent is the file's last entry. */
    private static void transcript(String session, String role, String text) {
        java.nio.file.Path file = session == null ? null : java.nio.file.Path.of(session);
        if (file == null || !java.nio.file.Files.isDirectory(file.getParent())) {
            return;
        }
        try {
            List<String> lines = java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file) : List.of();
            String parent = lines.isEmpty() ? null : JSON.readTree(lines.get(lines.size() - 1)).path("id").asText(null);
            ObjectNode entry = obj("type", "message").put("id", role + "-" + (lines.size() + 1)).put("parentId", parent);
            entry.putObject("message").put("role", role).putArray("content").addObject().put("type", "text").put("text", text);
            java.nio.file.Files.writeString(file, JSON.writeValueAsString(entry) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void emitDelta(String delta) {
        ObjectNode ev = obj("type", "message_update");
        ev.putObject("assistantMessageEvent").put("type", "text_delta").put("contentIndex", 0).put("delta", delta);
        emit(ev);
    }

    private static void emitAssistant(String session, String text, String stopReason, String error) {
        ObjectNode ev = obj("type", "message_end");
        ObjectNode msg = ev.putObject("message").put("role", "assistant").put("stopReason", stopReason)
                .put("sessionFile", session).put("fakePid", ProcessHandle.current().pid());
        msg.putArray("content").addObject().put("type", "text").put("text", text);
        msg.putObject("usage").put("input", 10).put("output", 5).put("totalTokens", 15);
        if (error != null) {
            msg.put("errorMessage", error);
        }
        emit(ev);
    }

    private static ObjectNode response(String id, String command) {
        ObjectNode res = JSON.createObjectNode();
        if (id != null) {
            res.put("id", id);
        }
        return res.put("type", "response").put("command", command).put("success", true);
    }

    private static ObjectNode obj(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    private static void emit(JsonNode node) {
        line(node.toString());
    }

    private static void line(String text) {
        synchronized (OUT) {
            OUT.print(text);
            OUT.print('\n');
            OUT.flush();
        }
    }

    private static void await(CountDownLatch latch, long ms) {
        try {
            latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        await(new CountDownLatch(1), ms);
    }

    private static final class Run {
        final CountDownLatch wake = new CountDownLatch(1);
        final List<String> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean aborted;
        Thread thread;
    }

    /** The command line that runs this fake with the current JVM and test classpath. */
    public static List<String> command(String script, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), FakePi.class.getName(), script));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }
}
