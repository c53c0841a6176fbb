package io.pigateway.testing;

import static io.pigateway.testing.FakeDiscordHttp.json;
import static io.pigateway.testing.FakeDiscordHttp.parse;
import static io.pigateway.testing.FakeDiscordHttp.payloadOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Discord on 127.0.0.1 for tests, with JDA as the client: REST under {@code /api/v10}
 * (users/@me, messages create/edit/delete, reactions, pins, typing, DMs, slash commands,
 * interaction callbacks), attachment files under {@code /attachments}, and the gateway WebSocket
 * at {@code /gateway} ({@link FakeDiscordGateway}, one per bot token). Records every REST call,
 * keeps each channel's messages with edits applied, and can answer the next message POSTs with a 429.
 */
public final class FakeDiscordServer implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long FIRST_BOT_ID = 1_100_000_000_000_000_001L;
    private static final Pattern MESSAGES = Pattern.compile("/api/v10/channels/(\\d+)/messages");
    private static final Pattern MESSAGE = Pattern.compile("/api/v10/channels/(\\d+)/messages/(\\d+)");

    /**
     * One REST call of a bot: method, path (no query), JSON body (multipart: its payload_json), an
     * uploaded file's name, when it arrived (epoch ms).
     */
    public record Call(String botId, String method, String path, JsonNode body, String fileName, long atMillis) {
    }

    /** A message as the channel shows it now. */
    public record Sent(String botId, String channelId, String messageId, String content, String fileName,
                       String replyTo) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer http;
    private final Map<String, FakeDiscordGateway> gateways = new LinkedHashMap<>();
    private final Map<String, ObjectNode> bots = new LinkedHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Sent> messages = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<String, List<String[]>> guilds = new LinkedHashMap<>(); // guild → channels [id, type, parent]
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1_200_000_000_000_000_000L);
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger rateLimitsServed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int failStatus;
    private volatile boolean globalRateLimit;
    private volatile int heartbeatIntervalMs = 41_250;
    private final int port;
    private volatile java.util.function.Consumer<Sent> sentListener = sent -> { };

    /** A fake serving one bot per token (ids in order from {@link #botId}). */
    public FakeDiscordServer(String... tokens) throws Exception {
        long id = FIRST_BOT_ID;
        for (String token : tokens) {
            ObjectNode bot = user(Long.toString(id++), true).put("verified", true).put("mfa_enabled", false)
                    .put("flags", 0);
            bots.put(token, bot);
            gateways.put(token, new FakeDiscordGateway(this, bot));
        }
        http = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setMaxWebSocketFrameSize(1 << 20))
                .webSocketHandler(ws -> {
                    if (ws.path().startsWith("/gateway")) {
                        FakeDiscordGateway.accept(ws, token -> gateways.get(strip(token)), heartbeatIntervalMs);
                    } else {
                        ws.reject(404);
                    }
                })
                .requestHandler(req -> req.body().onSuccess(body -> handle(req, body)));
        http.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = http.actualPort();
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + port + "/api/v10";
    }

    /** Where JDA connects; add {@code ?compress=none} for plain text frames. */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + port + "/gateway";
    }

    public FakeDiscordGateway gateway(String token) {
        return gateways.get(token);
    }

    public String botId(String token) {
        return bots.get(token).path("id").asText();
    }

    // ---- set-up ----

    /** A guild with text channels, announced in GUILD_CREATE after READY. */
    public synchronized FakeDiscordServer addGuild(String guildId, String... channelIds) {
        List<String[]> channels = guilds.computeIfAbsent(guildId, g -> new ArrayList<>());
        for (String c : channelIds) {
            channels.add(new String[] {c, "0", null});
        }
        return this;
    }

    /** A public thread under {@code parentId} of a guild added before. */
    public synchronized FakeDiscordServer addThread(String guildId, String parentId, String threadId) {
        guilds.get(guildId).add(new String[] {threadId, "11", parentId});
        return this;
    }

    /** A file the fake CDN serves at {@link #attachmentUrl}. */
    public String addFile(String name, byte[] content) {
        files.put(name, content);
        return attachmentUrl(name);
    }

    public String attachmentUrl(String name) {
        return "http://127.0.0.1:" + port + "/attachments/" + name;
    }

    /** The heartbeat interval HELLO announces to the next connections (short ones test missed ACKs). */
    public void heartbeatIntervalMs(int ms) {
        this.heartbeatIntervalMs = ms;
    }

    /**
     * A user runs the slash command {@code name} in a DM with the bot of {@code token}; the answer
     * is the {@code /interactions/{id}/.../callback} call. Returns the interaction id.
     */
    public String runSlashCommand(String token, String userId, String name) {
        return FakeDiscordInteractions.run(this, token, null, dmChannel(userId), userId, name);
    }

    /** As above, in a text channel of a guild added before. */
    public String runGuildSlashCommand(String token, String guildId, String channelId, String userId, String name) {
        return FakeDiscordInteractions.run(this, token, guildId, channelId, userId, name);
    }

    public int rateLimitsServed() {
        return rateLimitsServed.get();
    }

    /**
     * The next {@code count} message POSTs fail with {@code status}: 403 Missing Permissions (JDA does
     * not retry) or a 5xx (JDA tries 4 times in 7.5 s).
     */
    public void failNextMessages(int count, int status) {
        failStatus = status;
        refused.set(count);
    }

    /** The next {@code count} message POSTs are answered 429 (per-route, or global). */
    public void rateLimitNextMessages(int count, boolean global) {
        globalRateLimit = global;
        rateLimited.set(count);
    }

    // ---- inbound events ----

    /** A new snowflake. */
    public String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    /** A DM from {@code userId} to the first bot; its DM channel id is {@link #dmChannel}. Returns the message id. */
    public String sendDm(String userId, String text) {
        return dispatch(bots.keySet().iterator().next(), dmMessage(userId, text));
    }

    /** A DM from {@code userId} to the bot of {@code token}. */
    public String sendDm(String token, String userId, String text) {
        return dispatch(token, dmMessage(userId, text));
    }

    /** A message in a guild channel or thread; {@code mentionBot} prefixes {@code <@bot>}. Returns its id. */
    public String sendGuild(String token, String guildId, String channelId, String userId, String text,
                            boolean mentionBot) {
        return dispatch(token, guildMessage(guildId, channelId, userId,
                mentionBot ? "<@" + botId(token) + "> " + text : text));
    }

    /** Dispatches a message built with {@link #guildMessage} / {@link #dmMessage} (after changes) to one bot. */
    public String dispatch(String token, ObjectNode message) {
        gateways.get(token).dispatch("MESSAGE_CREATE", message);
        return message.path("id").asText();
    }

    public ObjectNode dmMessage(String userId, String text) {
        return message(dmChannel(userId), null, userId, text).put("channel_type", 1);
    }

    public ObjectNode guildMessage(String guildId, String channelId, String userId, String text) {
        ObjectNode m = message(channelId, guildId, userId, text);
        ObjectNode member = m.putObject("member");
        member.putArray("roles");
        member.put("joined_at", "2026-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
                .put("flags", 0);
        return m;
    }

    /** Makes {@code message} a reply to the message {@code botMessageId} of {@code botId}. */
    public ObjectNode asReplyTo(ObjectNode message, String botId, String botMessageId) {
        message.put("type", 19);
        message.putObject("message_reference").put("message_id", botMessageId)
                .put("channel_id", message.path("channel_id").asText());
        ObjectNode replied = message(message.path("channel_id").asText(), message.path("guild_id").asText(null),
                botId, "earlier answer");
        replied.put("id", botMessageId);
        message.set("referenced_message", replied);
        return message;
    }

    public ObjectNode withAttachment(ObjectNode message, String fileName, String contentType, int size) {
        ArrayNode attachments = (ArrayNode) message.get("attachments");
        attachments.addObject().put("id", nextId()).put("filename", fileName).put("size", size)
                .put("url", attachmentUrl(fileName)).put("proxy_url", attachmentUrl(fileName))
                .put("content_type", contentType);
        return message;
    }

    /** The DM channel the fake uses for a user (JDA learns it from the messages). */
    public static String dmChannel(String userId) {
        return Long.toString(Long.parseLong(userId) + 7);
    }

    public static ObjectNode user(String id, boolean bot) {
        return MAPPER.createObjectNode().put("id", id).put("username", bot ? "pibot" : "user" + id)
                .put("discriminator", "0").putNull("global_name").putNull("avatar").put("bot", bot);
    }

    private ObjectNode message(String channelId, String guildId, String authorId, String text) {
        ObjectNode m = MAPPER.createObjectNode().put("id", nextId()).put("channel_id", channelId);
        if (guildId != null) {
            m.put("guild_id", guildId);
        }
        m.set("author", user(authorId, authorId.startsWith("11000000000000000")));
        m.put("content", text).put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString()).putNull("edited_timestamp")
                .put("tts", false).put("mention_everyone", false).put("pinned", false).put("type", 0).put("flags", 0);
        m.putArray("mentions");
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        return m;
    }

    // ---- what the bot did ----

    /** Called with every message the bots create or edit, after it is stored (benchmarks react to answers). */
    public void onSent(java.util.function.Consumer<Sent> listener) {
        this.sentListener = listener;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathPart) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().contains(pathPart)).toList();
    }

    /** The bot's messages in a channel (or thread), oldest first, edits applied. */
    public List<Sent> messagesIn(String channelId) {
        return order.stream().map(messages::get).filter(m -> m != null && m.channelId().equals(channelId)).toList();
    }

    public List<String> textsIn(String channelId) {
        return messagesIn(channelId).stream().map(Sent::content).toList();
    }

    // ---- REST ----

    static String strip(String presented) {
        return presented.startsWith("Bot ") ? presented.substring(4) : presented;
    }

    List<String> guildIds() {
        synchronized (this) {
            return List.copyOf(guilds.keySet());
        }
    }

    synchronized List<ObjectNode> guildCreates(ObjectNode bot) {
        List<ObjectNode> out = new ArrayList<>();
        guilds.forEach((id, channels) -> out.add(FakeDiscordGuilds.guildCreate(id, channels, bot)));
        return out;
    }

    private void handle(HttpServerRequest req, Buffer body) {
        String path = req.path();
        if (path.startsWith("/attachments/")) {
            byte[] file = files.get(path.substring("/attachments/".length()));
            if (file == null) {
                req.response().setStatusCode(404).end();
            } else {
                req.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(file));
            }
            return;
        }
        String auth = req.getHeader("Authorization");
        ObjectNode bot = auth == null ? null : bots.get(strip(auth));
        if (bot == null) {
            json(req, 401, MAPPER.createObjectNode().put("message", "401: Unauthorized").put("code", 0));
            return;
        }
        String[] payload = payloadOf(req, body);
        JsonNode json = parse(payload[0]);
        String method = req.method().name();
        calls.add(new Call(bot.path("id").asText(), method, path, json, payload[1], System.currentTimeMillis()));
        route(req, bot, method, path, json, payload[1]);
    }

    private void route(HttpServerRequest req, ObjectNode bot, String method, String path, JsonNode json,
                       String fileName) {
        String botId = bot.path("id").asText();
        Matcher one = MESSAGE.matcher(path);
        Matcher many = MESSAGES.matcher(path);
        if (path.equals("/api/v10/users/@me") && method.equals("GET")) {
            json(req, 200, bot);
        } else if (path.equals("/api/v10/applications/@me") && method.equals("GET")) {
            boolean content = !gateways.get(strip(req.getHeader("Authorization"))).refusesIntents();
            json(req, 200, MAPPER.createObjectNode().put("id", botId).put("name", "pibot")
                    .put("flags", content ? 1 << 18 : 0));
        } else if (many.matches() && method.equals("POST") && refused.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (failStatus == 403) {
                json(req, 403, MAPPER.createObjectNode().put("message", "Missing Permissions").put("code", 50013));
            } else { // as Discord's proxy answers: not JSON
                req.response().setStatusCode(failStatus).putHeader("Content-Type", "text/plain").end("Bad Gateway");
            }
        } else if (many.matches() && method.equals("POST")) {
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                rateLimitsServed.incrementAndGet();
                FakeDiscordHttp.rateLimit(req, globalRateLimit);
                return;
            }
            String id = nextId();
            String replyTo = json.path("message_reference").path("message_id").asText(null);
            store(new Sent(botId, many.group(1), id, json.path("content").asText(""), fileName, replyTo));
            json(req, 200, botMessage(botId, many.group(1), id, json.path("content").asText("")));
        } else if (one.matches() && method.equals("PATCH")) {
            Sent old = messages.get(one.group(2));
            if (old == null || !old.channelId().equals(one.group(1))) { // Discord finds a message in its channel only
                json(req, 404, MAPPER.createObjectNode().put("message", "Unknown Message").put("code", 10008));
                return;
            }
            Sent edited = new Sent(botId, old.channelId(), old.messageId(), json.path("content").asText(""),
                    old.fileName(), old.replyTo());
            messages.put(old.messageId(), edited);
            json(req, 200, botMessage(botId, one.group(1), one.group(2), json.path("content").asText("")));
            sentListener.accept(edited);
        } else if (one.matches() && method.equals("DELETE")) {
            messages.remove(one.group(2));
            req.response().setStatusCode(204).end();
        } else if (path.equals("/api/v10/users/@me/channels") && method.equals("POST")) {
            String user = json.path("recipient_id").asText();
            ObjectNode dm = MAPPER.createObjectNode().put("id", dmChannel(user)).put("type", 1);
            dm.putArray("recipients").add(user(user, false));
            json(req, 200, dm);
        } else if (path.matches("/api/v10/applications/\\d+/commands") && method.equals("PUT")) {
            ArrayNode registered = MAPPER.createArrayNode();
            json.forEach(c -> registered.add(((ObjectNode) c.deepCopy()).put("id", nextId())
                    .put("application_id", botId).put("version", nextId()).put("type", 1)));
            json(req, 200, registered);
        } else if (path.matches("/api/v10/interactions/\\d+/.+/callback")) {
            ObjectNode answer = MAPPER.createObjectNode();
            answer.putObject("interaction").put("id", path.split("/")[4]).put("type", 2);
            answer.putObject("resource").put("type", json.path("type").asInt());
            json(req, 200, answer);
        } else if (method.equals("PUT") || method.equals("POST") || method.equals("DELETE")) {
            req.response().setStatusCode(204).end(); // typing, reactions, pins
        } else {
            json(req, 404, MAPPER.createObjectNode().put("message", "404: Not Found").put("code", 0));
        }
    }

    private void store(Sent sent) {
        messages.put(sent.messageId(), sent);
        order.add(sent.messageId());
        sentListener.accept(sent);
    }

    private ObjectNode botMessage(String botId, String channelId, String id, String content) {
        ObjectNode m = message(channelId, null, botId, content);
        m.put("id", id);
        return m;
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }
}
