package io.pigateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fast scripted {@code pi --mode rpc} for load runs: answers at once and streams its answer as
 * realistic {@code message_update} lines (each repeats the whole message so far twice, as pi does:
 * {@code assistantMessageEvent.partial} and {@code message}), so the gateway does pi's real parsing work.
 *
 * <p>Answers: {@code n=<user messages so far in this session file>: <message>} (proves a turn ran
 * against its own session's history); {@code long:...} streams a 4,000-character answer ({@code long<n>:...}: n characters) in 8-character
 * deltas whose first delta is {@code t=<epoch micros at emission>;}; {@code slow:<ms> ...} keeps the
 * run open that long so messages can be steered into it (they are appended to the answer).
 */
public final class BenchPi {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int LONG_ANSWER_CHARS = 4_000;
    static final int DELTA_CHARS = 8;

    private final OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
    private final Map<String, Integer> userMessages = new ConcurrentHashMap<>();
    private volatile String sessionFile = "none";
    private volatile Run current;
    private final List<String> idleQueue = new java.util.ArrayList<>();
    private final java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();

    public static void main(String[] args) throws Exception {
        new BenchPi().loop();
    }

    private void loop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String text;
        while ((text = in.readLine()) != null) {
            JsonNode cmd = JSON.readTree(text);
            String id = cmd.path("id").asText(null);
            String type = cmd.path("type").asText();
            switch (type) {
                case "get_state" -> {
                    ObjectNode res = response(id, type);
                    res.putObject("data").put("isStreaming", current != null).put("isCompacting", false)
                            .put("sessionFile", sessionFile)
                            .put("messageCount", 2 * userMessages.getOrDefault(sessionFile, 0));
                    emit(res);
                }
                case "switch_session" -> {
                    synchronized (this) {
                        idleQueue.clear(); // like pi: switching sessions drops messages queued for the old one
                    }
                    sessionFile = cmd.path("sessionPath").asText();
                    userMessages.put(sessionFile, loadCount(sessionFile));
                    ObjectNode res = response(id, type);
                    res.putObject("data").put("cancelled", false);
                    emit(res);
                }
                case "prompt" -> prompt(id, cmd.path("message").asText());
                case "steer", "follow_up" -> {
                    steer(cmd.path("message").asText());
                    emit(response(id, type));
                }
                case "abort" -> emit(response(id, type));
                default -> emit(JSON.createObjectNode().put("type", "response").put("command", type)
                        .put("success", false).put("error", "Unknown command: " + type));
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private void prompt(String id, String message) throws Exception {
        emit(response(id, "prompt"));
        int n = userMessages.merge(sessionFile, 1, Integer::sum);
        Run run = new Run(sessionFile, message, n);
        synchronized (this) {
            run.queued.addAll(idleQueue);
            idleQueue.clear();
            current = run;
        }
        // like pi, the run goes on while stdin is read, so steers can join it
        runner.execute(() -> runTurn(run));
    }

    /** A steer joins the running run until it has taken its queue; after that it waits for the next run. */
    private synchronized void steer(String message) {
        Run run = current;
        if (run != null && !run.closed) {
            run.queued.add(message);
        } else {
            idleQueue.add(message);
        }
    }

    private synchronized List<String> close(Run run) {
        run.closed = true;
        return List.copyOf(run.queued);
    }

    private void runTurn(Run run) {
        try {
            emit(obj("agent_start"));
            emit(obj("turn_start"));
            userMessage(run.message);
            if (run.message.startsWith("long")) { // long: or long<chars>:
                close(run);
                saveCount(run.session);
                String size = run.message.substring(4, run.message.indexOf(':'));
                streamLong(size.isEmpty() ? LONG_ANSWER_CHARS : Integer.parseInt(size));
                return;
            }
            if (run.message.startsWith("slow:")) {
                long ms = Long.parseLong(run.message.substring(5, run.message.indexOf(' ')));
                Thread.sleep(ms);
            }
            String text = "n=" + run.count + ": " + run.message;
            for (String q : close(run)) {
                userMessages.merge(run.session, 1, Integer::sum);
                userMessage(q); // like pi: each message taken into the run starts as a user message
                text += " | " + q;
            }
            saveCount(run.session); // before agent_end: the next turn may run on another process
            streamText(text, List.of(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            synchronized (this) {
                if (current == run) {
                    current = null;
                }
            }
        }
    }

    /** Like pi, the history lives in the session file: another process that switches to it sees it. */
    private static int loadCount(String file) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(file);
            return java.nio.file.Files.exists(p) ? Integer.parseInt(java.nio.file.Files.readString(p).trim()) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private void saveCount(String file) {
        try {
            java.nio.file.Path p = java.nio.file.Path.of(file);
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.writeString(p, String.valueOf(userMessages.getOrDefault(file, 0)));
        } catch (Exception e) {
            // "none" (no session switched to yet) has nothing to persist
        }
    }

    private void streamLong(int chars) throws Exception {
        StringBuilder body = new StringBuilder();
        String words = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";
        while (body.length() < chars) {
            body.append(words);
        }
        String answer = body.substring(0, chars);
        java.util.ArrayList<String> deltas = new java.util.ArrayList<>();
        deltas.add(null); // the timestamp, made at emission
        for (int i = 0; i < answer.length(); i += DELTA_CHARS) {
            deltas.add(answer.substring(i, Math.min(answer.length(), i + DELTA_CHARS)));
        }
        streamText(null, deltas);
    }

    /** Streams {@code deltas} as message_update lines, then message_end / turn_end / agent_end. */
    private void streamText(String finalText, List<String> deltas) throws Exception {
        StringBuilder sofar = new StringBuilder();
        emit(JSON.createObjectNode().put("type", "message_start").set("message", assistant("")));
        for (String d : deltas) {
            String delta = d != null ? d : "t=" + epochMicros() + ";";
            sofar.append(delta);
            ObjectNode line = JSON.createObjectNode().put("type", "message_update");
            ObjectNode ame = line.putObject("assistantMessageEvent").put("type", "text_delta").put("contentIndex", 0)
                    .put("delta", delta);
            ame.set("partial", assistant(sofar.toString()));
            line.set("message", assistant(sofar.toString()));
            emit(line);
        }
        String text = finalText != null ? finalText : sofar.toString();
        ObjectNode end = JSON.createObjectNode().put("type", "message_end");
        end.set("message", assistant(text));
        emit(end);
        ObjectNode turnEnd = JSON.createObjectNode().put("type", "turn_end");
        turnEnd.set("message", assistant(text));
        turnEnd.putArray("toolResults");
        emit(turnEnd);
        ObjectNode agentEnd = JSON.createObjectNode().put("type", "agent_end");
        agentEnd.putArray("messages").add(assistant(text));
        emit(agentEnd);
        out.flush();
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static ObjectNode assistant(String text) {
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant");
        msg.putArray("content").addObject().put("type", "text").put("text", text);
        msg.put("api", "openai-completions").put("provider", "fake").put("model", "fake-echo");
        msg.putObject("usage").put("input", 10).put("output", 5).put("cacheRead", 0).put("cacheWrite", 0)
                .put("totalTokens", 15);
        msg.put("stopReason", "stop").put("timestamp", 1_760_000_000_000L);
        return msg;
    }

    private static ObjectNode response(String id, String command) {
        ObjectNode res = JSON.createObjectNode();
        if (id != null) {
            res.put("id", id);
        }
        return res.put("type", "response").put("command", command).put("success", true);
    }

    private void userMessage(String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "user");
        message.putArray("content").addObject().put("type", "text").put("text", text);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", message);
        emit(start);
        ObjectNode end = JSON.createObjectNode().put("type", "message_end");
        end.set("message", message);
        emit(end);
    }

    private static ObjectNode obj(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private void emit(JsonNode node) {
        byte[] line = (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(line);
                out.flush(); // pi writes each line on its own
            } catch (java.io.IOException e) {
                System.exit(0);
            }
        }
    }

    private static final class Run {
        final String session;
        final String message;
        final int count;
        final List<String> queued = new CopyOnWriteArrayList<>();
        boolean closed;

        Run(String session, String message, int count) {
            this.session = session;
            this.message = message;
            this.count = count;
        }
    }

    /** One realistic message_update line of an answer that has {@code sofar} characters so far. */
    static String messageUpdateLine(String sofar, String delta) {
        ObjectNode line = JSON.createObjectNode().put("type", "message_update");
        ObjectNode ame = line.putObject("assistantMessageEvent").put("type", "text_delta").put("contentIndex", 0)
                .put("delta", delta);
        ame.set("partial", assistant(sofar));
        line.set("message", assistant(sofar));
        return line.toString();
    }
}
