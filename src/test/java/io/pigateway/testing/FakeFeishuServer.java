package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Feishu Open Platform on 127.0.0.1: tenant access tokens (which it can expire at will),
 * bot info, IM send / reply / patch / edit / delete / reactions / pins, CardKit create / content /
 * settings (refusing a sequence that does not grow, or every card when told), message resources,
 * image and file uploads. Every call but the token needs a live token (else code 99991663). It
 * records each call and shows each chat's bot messages as a user would see them now.
 * {@link FeishuEventSender} is its other half: events the way Feishu posts them to the gateway.
 */
public final class FakeFeishuServer implements AutoCloseable {
    public static final String APP_ID = "cli_test_app";
    public static final String APP_SECRET = "test-app-secret";
    public static final String BOT_OPEN_ID = "ou_bot_0001";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One recorded call: method, path (without query), query, JSON body (empty for others). */
    /** One API call as received; {@code token} is the tenant token it presented (null for none). */
    public record Call(String method, String path, String query, JsonNode body, String token) {
    }

    /** A bot message as the chat shows it now. */
    public record Shown(String messageId, String chatId, String msgType, String replyTo, String text) {
    }

    private record Failure(int status, int code) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> secretOfToken = new ConcurrentHashMap<>();
    private volatile String appSecret = APP_SECRET;
    private final Map<String, String> chatOfMessage = new ConcurrentHashMap<>();
    private final Map<String, Shown> shown = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<String, String> cardText = new ConcurrentHashMap<>();
    private final Map<String, Integer> cardSequence = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cardStreaming = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, byte[]> resources = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private volatile long tokenExpireSeconds = 7200;
    private volatile boolean cardKitRefused;

    public FakeFeishuServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-feishu");
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

    /** Every token handed out so far stops working (Feishu's 99991663), as when one expires. */
    public void expireAllTokens() {
        liveTokens.clear();
    }

    /**
     * The app secret is reset in the developer console: only {@code newSecret} gets tokens from now on,
     * and the tokens fetched with the old one stop working (so a client still on it cannot send).
     */
    public void resetAppSecret(String newSecret) {
        String old = appSecret;
        acceptAppSecret(newSecret);
        secretOfToken.forEach((token, secret) -> {
            if (secret.equals(old)) {
                liveTokens.remove(token);
            }
        });
    }

    /** Only {@code newSecret} gets tokens from now on; tokens already fetched keep working until they expire. */
    public void acceptAppSecret(String newSecret) {
        appSecret = newSecret;
    }

    /** The app secret a tenant token was fetched with (null for a token this fake never issued). */
    public String secretOf(String token) {
        return token == null ? null : secretOfToken.get(token);
    }

    public void setCardKitRefused(boolean refused) {
        this.cardKitRefused = refused;
    }

    /** The next {@code times} calls of {@code "METHOD /path"} fail with the HTTP status and Feishu code. */
    public void failNext(String methodAndPath, int times, int status, int code) {
        Deque<Failure> queue = failures.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(new Failure(status, code));
            }
        }
    }

    /** Makes a resource (an image or file key) downloadable through the message resources API. */
    public void addResource(String key, byte[] bytes) {
        resources.put(key, bytes);
    }

    /** Tells the fake which chat a user's message lives in (replies to it land there). */
    public void userMessage(String messageId, String chatId) {
        chatOfMessage.put(messageId, chatId);
    }

    public String nextId(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    // ---- inspection ----

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
    }

    public int tokenFetches() {
        return calls("POST", "/open-apis/auth/v3/tenant_access_token/internal").size();
    }

    /** The bot's messages in a chat, oldest first, as shown now (card text after its last update). */
    public List<Shown> messagesIn(String chatId) {
        return order.stream().map(shown::get).filter(s -> s.chatId().equals(chatId)).map(this::current).toList();
    }

    public List<String> textsIn(String chatId) {
        return messagesIn(chatId).stream().map(Shown::text).toList();
    }

    /** How many cards are still in streaming mode (an answer is complete once its card closed). */
    public long streamingCards() {
        return cardStreaming.values().stream().filter(Boolean::booleanValue).count();
    }

    /** The CardKit card a message shows, or null when it shows none. */
    public String cardOf(String messageId) {
        Shown s = shown.get(messageId);
        return s != null && s.msgType().equals("interactive") && s.text().startsWith("card:") ? s.text().substring(5) : null;
    }

    public boolean isStreaming(String cardId) {
        return cardStreaming.getOrDefault(cardId, false);
    }

    private Shown current(Shown s) {
        if (s.msgType().equals("interactive") && s.text().startsWith("card:")) {
            String cardId = s.text().substring(5);
            return new Shown(s.messageId(), s.chatId(), s.msgType(), s.replyTo(), cardText.get(cardId));
        }
        return s;
    }

    // ---- the API ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            byte[] raw = ex.getRequestBody().readAllBytes();
            String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            JsonNode body = raw.length > 0 && type.startsWith("application/json") ? MAPPER.readTree(raw)
                    : MAPPER.createObjectNode();
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            Call call = new Call(method, path, query, body, auth.startsWith("Bearer ") ? auth.substring(7) : null);
            calls.add(call);
            Failure failure = nextFailure(method + " " + path);
            if (failure != null) {
                reply(ex, failure.status(), error(failure.code(), "fake failure"));
                return;
            }
            if (path.equals("/open-apis/auth/v3/tenant_access_token/internal")) {
                boolean ok = FakeFeishuServer.APP_ID.equals(body.path("app_id").asText())
                        && appSecret.equals(body.path("app_secret").asText());
                if (!ok) {
                    reply(ex, 200, error(10014, "app secret invalid"));
                    return;
                }
                String token = "t-" + ids.incrementAndGet();
                liveTokens.add(token);
                secretOfToken.put(token, appSecret);
                reply(ex, 200, MAPPER.createObjectNode().put("code", 0).put("msg", "ok")
                        .put("tenant_access_token", token).put("expire", tokenExpireSeconds).toString());
                return;
            }
            if (call.token() == null || !liveTokens.contains(call.token())) {
                reply(ex, 400, error(99991663, "Invalid access token for authorization"));
                return;
            }
            if (path.startsWith("/open-apis/im/v1/messages/") && path.contains("/resources/")) {
                byte[] bytes = resources.get(path.substring(path.lastIndexOf('/') + 1));
                if (bytes == null) {
                    reply(ex, 400, error(234003, "file not found"));
                } else {
                    ex.sendResponseHeaders(200, bytes.length);
                    ex.getResponseBody().write(bytes);
                }
                return;
            }
            JsonNode data = answer(call);
            if (data instanceof ObjectNode node && node.has("__error")) {
                reply(ex, 400, error(node.path("__error").asInt(), node.path("msg").asText()));
                return;
            }
            ObjectNode out = MAPPER.createObjectNode().put("code", 0).put("msg", "success");
            if (path.equals("/open-apis/bot/v3/info")) {
                out.set("bot", data);
            } else {
                out.set("data", data);
            }
            reply(ex, 200, out.toString());
        } catch (RuntimeException e) {
            reply(ex, 500, error(-1, "fake: " + e));
        }
    }

    private Failure nextFailure(String key) {
        Deque<Failure> queue = failures.get(key);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private JsonNode answer(Call c) {
        String p = c.path();
        JsonNode b = c.body();
        ObjectNode data = MAPPER.createObjectNode();
        if (p.equals("/open-apis/bot/v3/info")) {
            return data.put("open_id", BOT_OPEN_ID).put("app_name", "pi test bot").put("activate_status", 2);
        }
        if (c.method().equals("POST") && p.equals("/open-apis/im/v1/messages")) {
            return created(b.path("receive_id").asText(), null, b);
        }
        if (c.method().equals("POST") && p.endsWith("/reply")) {
            String parent = segment(p, 4);
            String chat = chatOfMessage.get(parent);
            if (chat == null) {
                return failure(230011, "the message to reply to does not exist");
            }
            return created(chat, parent, b);
        }
        if (p.startsWith("/open-apis/im/v1/messages/") && p.endsWith("/reactions")) {
            return data.put("reaction_id", nextId("r_"));
        }
        if (p.startsWith("/open-apis/im/v1/messages/") && segmentCount(p) == 5) {
            String id = segment(p, 4);
            Shown old = shown.get(id);
            if (old == null) {
                return failure(230011, "message not found");
            }
            switch (c.method()) {
                case "PATCH" -> shown.put(id, new Shown(id, old.chatId(), old.msgType(), old.replyTo(),
                        visibleText("interactive", b.path("content").asText())));
                case "PUT" -> shown.put(id, new Shown(id, old.chatId(), old.msgType(), old.replyTo(),
                        visibleText(b.path("msg_type").asText(), b.path("content").asText())));
                case "DELETE" -> {
                    shown.remove(id);
                    order.remove(id);
                }
                default -> {
                }
            }
            return data;
        }
        if (p.equals("/open-apis/im/v1/pins")) {
            return data;
        }
        if (p.equals("/open-apis/im/v1/images")) {
            return data.put("image_key", nextId("img_"));
        }
        if (p.equals("/open-apis/im/v1/files")) {
            return data.put("file_key", nextId("file_"));
        }
        if (p.equals("/open-apis/cardkit/v1/cards")) {
            if (cardKitRefused) {
                return failure(200740, "cardkit is not enabled for this app");
            }
            JsonNode card = read(b.path("data").asText());
            String id = nextId("card_");
            cardText.put(id, card.path("body").path("elements").path(0).path("content").asText());
            cardStreaming.put(id, card.path("config").path("streaming_mode").asBoolean());
            cardSequence.put(id, 0);
            return data.put("card_id", id);
        }
        if (p.startsWith("/open-apis/cardkit/v1/cards/")) {
            String id = segment(p, 4);
            int sequence = b.path("sequence").asInt();
            if (!cardSequence.containsKey(id)) {
                return failure(300301, "card not found");
            }
            if (sequence <= cardSequence.get(id)) {
                return failure(300317, "sequence must grow: " + sequence + " after " + cardSequence.get(id));
            }
            cardSequence.put(id, sequence);
            if (p.endsWith("/content")) {
                cardText.put(id, b.path("content").asText());
            } else if (p.endsWith("/settings")) {
                cardStreaming.put(id, read(b.path("settings").asText()).path("config").path("streaming_mode").asBoolean());
            }
            return data;
        }
        return failure(404, "fake: no such API " + c.method() + " " + p);
    }

    private JsonNode created(String chatId, String replyTo, JsonNode b) {
        String id = nextId("om_");
        String msgType = b.path("msg_type").asText();
        shown.put(id, new Shown(id, chatId, msgType, replyTo, visibleText(msgType, b.path("content").asText())));
        order.add(id);
        chatOfMessage.put(id, chatId);
        return MAPPER.createObjectNode().put("message_id", id).put("chat_id", chatId);
    }

    /** The text a user sees: a post's markdown, a card's markdown, or {@code card:<id>} for a card entity. */
    private static String visibleText(String msgType, String content) {
        JsonNode c = read(content);
        return switch (msgType) {
            case "text" -> c.path("text").asText();
            case "post" -> c.path("zh_cn").path("content").path(0).path(0).path("text").asText();
            case "interactive" -> "card".equals(c.path("type").asText()) ? "card:" + c.path("data").path("card_id").asText()
                    : c.path("body").path("elements").path(0).path("content").asText();
            case "image" -> "[image " + c.path("image_key").asText() + "]";
            case "file" -> "[file " + c.path("file_key").asText() + "]";
            default -> content;
        };
    }

    private static ObjectNode failure(int code, String msg) {
        return MAPPER.createObjectNode().put("__error", code).put("msg", msg);
    }

    private static String error(int code, String msg) {
        return MAPPER.createObjectNode().put("code", code).put("msg", msg).toString();
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    private static String segment(String path, int index) {
        return path.substring(1).split("/")[index];
    }

    private static int segmentCount(String path) {
        return path.substring(1).split("/").length;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
