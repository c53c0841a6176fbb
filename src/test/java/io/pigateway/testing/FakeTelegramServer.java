package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Telegram Bot API on 127.0.0.1 for tests: {@code POST /bot{token}/{method}} with JSON or
 * multipart bodies, {@code GET /file/bot{token}/{path}}. It long-polls {@code getUpdates} with
 * Telegram's offset semantics (updates stay until a later offset confirms them), records every
 * call, keeps each chat's messages (edits applied) and can fail the next calls of a method.
 */
public final class FakeTelegramServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One recorded Bot API call. Multipart calls have their form fields in {@code params} and {@code file}. */
    public record Call(String token, String method, JsonNode params, String fileName, byte[] file) {
        public String text() {
            return params.path("text").asText(null);
        }

        public String chatId() {
            return params.path("chat_id").asText(null);
        }
    }

    /** A message as the chat shows it now. */
    public record Sent(String token, String chatId, long messageId, String threadId, String text, String parseMode) {
    }

    private record Failure(int status, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<ObjectNode>> updates = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, Sent> messages = new ConcurrentHashMap<>();
    private final List<String> messageOrder = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong nextUpdateId = new AtomicLong(1000);
    private final AtomicInteger nextMessageId = new AtomicInteger(500);
    private final Object updatesLock = new Object();
    private volatile java.util.function.Consumer<Call> callListener = call -> { };

    public FakeTelegramServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-telegram");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- scripting ----

    /** Called with every successfully answered call, after its reply was sent (benchmarks react to sends). */
    public void onCall(java.util.function.Consumer<Call> listener) {
        this.callListener = listener;
    }

    /** Queues a raw update (its update_id is assigned); returns the id. */
    public long addUpdate(String token, ObjectNode update) {
        long id;
        synchronized (updatesLock) { // ids in queue order, as Telegram's: a later id never sits before an earlier one
            id = nextUpdateId.incrementAndGet();
            update.put("update_id", id);
            updates.computeIfAbsent(token, t -> new ArrayDeque<>()).add(update);
            updatesLock.notifyAll();
        }
        return id;
    }

    /** Queues a message update. */
    public long addMessage(String token, ObjectNode message) {
        ObjectNode update = MAPPER.createObjectNode();
        update.set("message", message);
        return addUpdate(token, update);
    }

    /** The next {@code count} calls of {@code method} answer HTTP {@code status} with a Bot API error. */
    public void failNext(String method, int count, int status, String description, Integer retryAfter) {
        ObjectNode body = MAPPER.createObjectNode().put("ok", false).put("error_code", status)
                .put("description", description);
        if (retryAfter != null) {
            body.putObject("parameters").put("retry_after", retryAfter);
        }
        Deque<Failure> queue = failures.computeIfAbsent(method, m -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(new Failure(status, body.toString()));
        }
    }

    /** Like {@link #failNext} but only for calls with this bot token. */
    public void failNextFor(String token, String method, int count, int status, String description) {
        failNext(token + ":" + method, count, status, description, null);
    }

    /** Planned failures not yet served (all tokens and the token-specific ones). */
    public int pendingFailures() {
        return failures.values().stream().mapToInt(Deque::size).sum();
    }

    /** A file getFile can describe and {@code /file/...} serves. */
    public void addFile(String fileId, byte[] content) {
        files.put(fileId, content);
    }

    // ---- inspection ----

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Messages of a chat in the order they were sent, with edits applied. */
    public List<Sent> messagesIn(String chatId) {
        return messageOrder.stream().map(messages::get).filter(m -> m.chatId().equals(chatId)).toList();
    }

    /** Updates still unconfirmed for a token. */
    public int pendingUpdates(String token) {
        synchronized (updatesLock) {
            Deque<ObjectNode> q = updates.get(token);
            return q == null ? 0 : q.size();
        }
    }

    // ---- builders ----

    public static ObjectNode privateText(long userId, String text) {
        ObjectNode m = message(userId, "private", userId, text);
        return m;
    }

    public static ObjectNode groupText(long chatId, long userId, String text) {
        return message(chatId, "supergroup", userId, text);
    }

    public static ObjectNode topicText(long chatId, long threadId, long userId, String text) {
        ObjectNode m = message(chatId, "supergroup", userId, text);
        ((ObjectNode) m.get("chat")).put("is_forum", true);
        m.put("message_thread_id", threadId).put("is_topic_message", true);
        return m;
    }

    /** Adds a {@code mention} entity for the first occurrence of {@code @username} in the text. */
    public static ObjectNode withMention(ObjectNode message, String username) {
        String text = message.path("text").asText();
        int at = text.indexOf("@" + username);
        message.withArray("entities").addObject().put("type", "mention").put("offset", at)
                .put("length", username.length() + 1);
        return message;
    }

    public static ObjectNode withCommand(ObjectNode message) {
        String text = message.path("text").asText();
        int end = text.indexOf(' ');
        message.withArray("entities").addObject().put("type", "bot_command").put("offset", 0)
                .put("length", end < 0 ? text.length() : end);
        return message;
    }

    private static final AtomicInteger INBOUND_IDS = new AtomicInteger(1);

    public static ObjectNode message(long chatId, String chatType, long userId, String text) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("message_id", INBOUND_IDS.incrementAndGet()).put("date", System.currentTimeMillis() / 1000);
        m.putObject("from").put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
        ObjectNode chat = m.putObject("chat").put("id", chatId).put("type", chatType);
        if (!"private".equals(chatType)) {
            chat.put("title", "Group " + chatId);
        }
        if (text != null) {
            m.put("text", text);
        }
        return m;
    }

    // ---- server ----

    /** What Telegram refuses with 400 and a description. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String description) {
            super(description);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/file/bot")) {
                serveFile(ex, path);
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                reply(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                return;
            }
            String token = path.substring(4, path.indexOf('/', 4));
            String method = path.substring(path.indexOf('/', 4) + 1);
            byte[] raw = ex.getRequestBody().readAllBytes();
            String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            Call call = contentType.startsWith("multipart/form-data") ? multipart(token, method, raw, contentType)
                    : new Call(token, method, raw.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(raw),
                    null, null);
            calls.add(call);
            Deque<Failure> forToken = failures.get(token + ":" + method);
            Failure failure = forToken != null ? forToken.poll() : null;
            if (failure == null) {
                Deque<Failure> planned = failures.get(method);
                failure = planned != null ? planned.poll() : null;
            }
            if (failure != null) {
                reply(ex, failure.status(), failure.body());
                return;
            }
            JsonNode result;
            try {
                result = answer(call);
            } catch (BadRequest e) { // answered here: the exchange is closed before an outer catch runs
                reply(ex, 400, MAPPER.createObjectNode().put("ok", false).put("error_code", 400)
                        .put("description", e.getMessage()).toString());
                return;
            }
            ObjectNode body = MAPPER.createObjectNode().put("ok", true);
            body.set("result", result);
            reply(ex, 200, body.toString());
            callListener.accept(call);
        } catch (RuntimeException | InterruptedException e) {
            reply(ex, 500, "{\"ok\":false,\"error_code\":500,\"description\":\"fake: " + e + "\"}");
        }
    }

    private JsonNode answer(Call call) throws InterruptedException {
        JsonNode p = call.params();
        return switch (call.method()) {
            case "getMe" -> MAPPER.createObjectNode().put("id", botId(call.token())).put("is_bot", true)
                    .put("first_name", "Bot").put("username", botUsername(call.token()));
            case "getUpdates" -> getUpdates(call.token(), p.path("offset").asLong(0), p.path("timeout").asInt(0));
            case "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendSticker", "sendVoice" ->
                    record(call, p.path("text").asText(p.path("caption").asText("")));
            case "editMessageText" -> {
                String key = call.token() + ":" + p.path("chat_id").asText() + ":" + p.path("message_id").asLong();
                Sent old = messages.get(key);
                if (old == null) {
                    throw new BadRequest("Bad Request: message to edit not found");
                }
                messages.put(key, new Sent(old.token(), old.chatId(), old.messageId(), old.threadId(),
                        p.path("text").asText(), p.path("parse_mode").asText(null)));
                ObjectNode r = MAPPER.createObjectNode().put("message_id", old.messageId());
                r.putObject("chat").put("id", old.chatId());
                yield r;
            }
            case "getFile" -> MAPPER.createObjectNode().put("file_id", p.path("file_id").asText())
                    .put("file_path", "files/" + p.path("file_id").asText() + ".bin");
            default -> MAPPER.getNodeFactory().booleanNode(true); // sendChatAction, setMyCommands, setWebhook, drafts
        };
    }

    private JsonNode record(Call call, String text) {
        long id = nextMessageId.incrementAndGet();
        String chatId = call.params().path("chat_id").asText();
        String key = call.token() + ":" + chatId + ":" + id;
        messages.put(key, new Sent(call.token(), chatId, id, call.params().path("message_thread_id").asText(null), text,
                call.params().path("parse_mode").asText(null)));
        messageOrder.add(key);
        ObjectNode r = MAPPER.createObjectNode().put("message_id", id).put("date", System.currentTimeMillis() / 1000);
        r.putObject("chat").put("id", chatId);
        r.put("text", text);
        return r;
    }

    private JsonNode getUpdates(String token, long offset, int timeoutSeconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Math.min(timeoutSeconds, 5) * 1000L;
        synchronized (updatesLock) {
            Deque<ObjectNode> q = updates.computeIfAbsent(token, t -> new ArrayDeque<>());
            while (offset > 0 && !q.isEmpty() && q.peek().path("update_id").asLong() < offset) {
                q.poll(); // confirmed by the offset, as Telegram does
            }
            while (q.isEmpty() && System.currentTimeMillis() < deadline) {
                updatesLock.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            ArrayNode result = MAPPER.createArrayNode();
            q.forEach(result::add);
            return result;
        }
    }

    private void serveFile(HttpExchange ex, String path) throws IOException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        byte[] content = files.get(name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.sendResponseHeaders(200, content.length);
        ex.getResponseBody().write(content);
    }

    /** Enough multipart parsing for our client: text fields and one file. */
    private static Call multipart(String token, String method, byte[] raw, String contentType) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        String body = new String(raw, StandardCharsets.ISO_8859_1);
        ObjectNode params = MAPPER.createObjectNode();
        String fileName = null;
        byte[] file = null;
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            String value = part.substring(headerEnd + 4, Math.max(headerEnd + 4, part.length() - 2));
            String name = between(headers, "name=\"", "\"");
            if (headers.contains("filename=\"")) {
                fileName = between(headers, "filename=\"", "\"");
                file = value.getBytes(StandardCharsets.ISO_8859_1);
                params.put(name, "attach://" + fileName);
            } else if (name != null) {
                params.put(name, new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return new Call(token, method, params, fileName, file);
    }

    private static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        if (i < 0) {
            return null;
        }
        int j = s.indexOf(end, i + start.length());
        return s.substring(i + start.length(), j);
    }

    /** Bot ids and usernames derive from the token, so tests can compute them. */
    public static long botId(String token) {
        return 7_000_000L + Math.abs(token.hashCode() % 1_000_000);
    }

    public static String botUsername(String token) {
        return "pi_" + token.replaceAll("[^A-Za-z0-9]", "") + "_bot";
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        synchronized (updatesLock) {
            updatesLock.notifyAll();
        }
        server.stop(0);
    }

    /** Unused helper kept small: the list of recorded methods, for failure messages. */
    public List<String> methods() {
        List<String> m = new ArrayList<>();
        calls.forEach(c -> m.add(c.method()));
        return m;
    }
}
