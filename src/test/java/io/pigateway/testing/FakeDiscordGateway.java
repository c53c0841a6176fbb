package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.Deflater;

/**
 * The gateway WebSocket of {@link FakeDiscordServer}: HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeat ACKs (which can be withheld), RESUME with the replay of every event after the client's
 * sequence, op 7 RECONNECT, op 9 INVALID_SESSION, a dropped socket, close 4004 (bad token) and 4014
 * (intents refused), and zlib-stream transport compression when the URL asks for it. One per bot
 * token, one session at a time (one shard); the server hands it a connection once IDENTIFY or
 * RESUME names the token.
 */
public final class FakeDiscordGateway {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MESSAGE_CONTENT = 1 << 15;

    /** One WebSocket connection and its zlib-stream state. */
    static final class Conn {
        final ServerWebSocket ws;
        private final Deflater deflater;

        Conn(ServerWebSocket ws) {
            this.ws = ws;
            this.deflater = ws.query() != null && ws.query().contains("compress=zlib-stream") ? new Deflater() : null;
        }

        /** zlib-stream: one deflater per connection, each payload flushed with Z_SYNC_FLUSH (ends 00 00 ff ff). */
        synchronized void send(ObjectNode frame) {
            byte[] json = frame.toString().getBytes(StandardCharsets.UTF_8);
            if (deflater == null) {
                ws.writeTextMessage(new String(json, StandardCharsets.UTF_8));
                return;
            }
            deflater.setInput(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
            ws.writeBinaryMessage(Buffer.buffer(out.toByteArray()));
        }
    }

    private final FakeDiscordServer server;
    private final ObjectNode bot;
    private final Object lock = new Object();
    /** Every dispatch of the current session, with its sequence number (replayed on RESUME). */
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger identifies = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private volatile boolean ackHeartbeats = true;
    private volatile boolean refuseIntents;
    private volatile int replayExtra;
    private volatile String lastQuery;
    private Conn socket;
    private String sessionId;
    private int sequence;

    FakeDiscordGateway(FakeDiscordServer server, ObjectNode bot) {
        this.server = server;
        this.bot = bot;
    }

    /** Takes over a connection whose IDENTIFY or RESUME named this bot's token, and handles that frame. */
    void attach(Conn conn, JsonNode frame) {
        synchronized (lock) {
            if (socket != null && socket != conn) {
                socket.ws.close((short) 4000, "replaced");
            }
            socket = conn;
        }
        lastQuery = conn.ws.query();
        conn.ws.closeHandler(v -> {
            synchronized (lock) {
                if (socket == conn) {
                    socket = null;
                }
            }
        });
        conn.ws.textMessageHandler(text -> onFrame(conn, text));
        received.add(frame.toString());
        handle(conn, frame);
    }

    private void onFrame(Conn conn, String text) {
        received.add(text);
        try {
            handle(conn, MAPPER.readTree(text));
        } catch (Exception e) {
            conn.ws.close((short) 4002, "decode error");
        }
    }

    private void handle(Conn conn, JsonNode frame) {
        JsonNode d = frame.path("d");
        switch (frame.path("op").asInt()) {
            case 1 -> {
                if (ackHeartbeats) {
                    conn.send(op(11));
                }
            }
            case 2 -> identify(conn, d);
            case 6 -> resume(conn, d);
            default -> {
            }
        }
    }

    private void identify(Conn conn, JsonNode d) {
        identifies.incrementAndGet();
        if (refuseIntents || (d.path("intents").asInt() & MESSAGE_CONTENT) == 0) {
            conn.ws.close((short) 4014, "Disallowed intent(s).");
            return;
        }
        List<ObjectNode> guildCreates;
        synchronized (lock) {
            events.clear();
            sequence = 0;
            sessionId = UUID.randomUUID().toString().replace("-", "");
            ObjectNode ready = MAPPER.createObjectNode().put("v", 10).put("session_id", sessionId)
                    .put("resume_gateway_url", server.gatewayUrl()).put("session_type", "normal");
            ready.set("user", bot);
            var guilds = ready.putArray("guilds");
            server.guildIds().forEach(id -> guilds.addObject().put("id", id).put("unavailable", true));
            ready.putArray("private_channels");
            ready.putObject("application").put("id", bot.path("id").asText()).put("flags", 0);
            ready.putArray("shard").add(0).add(1);
            dispatchLocked("READY", ready);
            guildCreates = server.guildCreates(bot);
            guildCreates.forEach(g -> dispatchLocked("GUILD_CREATE", g));
        }
    }

    private void resume(Conn conn, JsonNode d) {
        resumes.incrementAndGet();
        synchronized (lock) {
            if (!d.path("session_id").asText().equals(sessionId)) {
                conn.send(op(9).put("d", false));
                return;
            }
            int seen = d.path("seq").asInt();
            for (ObjectNode event : events) {
                if (event.path("s").asInt() > seen - replayExtra) {
                    conn.send(event);
                }
            }
            replayExtra = 0;
            dispatchLocked("RESUMED", MAPPER.createObjectNode());
        }
    }

    /** Sends a dispatch now when a session is open; otherwise it waits in the log for a RESUME. */
    public void dispatch(String type, ObjectNode data) {
        synchronized (lock) {
            dispatchLocked(type, data);
        }
    }

    private void dispatchLocked(String type, ObjectNode data) {
        ObjectNode event = op(0).put("t", type).put("s", ++sequence);
        event.set("d", data);
        events.add(event);
        if (socket != null) {
            socket.send(event);
        }
    }

    /** op 7: the client should reconnect and RESUME. */
    public void requestReconnect() {
        sendNow(op(7));
    }

    /** op 9: the session is invalid; {@code resumable} false makes the client IDENTIFY afresh. */
    public void invalidateSession(boolean resumable) {
        synchronized (lock) {
            if (!resumable) {
                sessionId = "invalidated";
            }
        }
        sendNow(op(9).put("d", resumable));
    }

    /** Closes the socket with a resumable code, as a network drop would end it. */
    public void dropConnection() {
        synchronized (lock) {
            if (socket != null) {
                socket.ws.close((short) 4000, "dropped");
                socket = null;
            }
        }
    }

    /** On the next RESUME, also replays the last {@code n} events the client already had. */
    public void replayAgainOnResume(int n) {
        replayExtra = n;
    }

    public void ackHeartbeats(boolean ack) {
        this.ackHeartbeats = ack;
    }

    public void refuseIntents(boolean refuse) {
        this.refuseIntents = refuse;
    }

    public boolean refusesIntents() {
        return refuseIntents;
    }

    /** The query string of the last connection (JDA's encoding, version and compression). */
    public String lastQuery() {
        return lastQuery;
    }

    public int identifies() {
        return identifies.get();
    }

    public int resumes() {
        return resumes.get();
    }

    public boolean connected() {
        synchronized (lock) {
            return socket != null;
        }
    }

    /** Frames the client sent (IDENTIFY, heartbeats, RESUME), as text. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void sendNow(ObjectNode frame) {
        synchronized (lock) {
            if (socket != null) {
                socket.send(frame);
            }
        }
    }

    static ObjectNode op(int op) {
        ObjectNode node = MAPPER.createObjectNode().put("op", op);
        node.putNull("d");
        return node;
    }

    /** A new connection: HELLO, then heartbeats are ACKed until IDENTIFY or RESUME names a token and its bot takes over. */
    static void accept(ServerWebSocket ws, Function<String, FakeDiscordGateway> byToken, int heartbeatIntervalMs) {
        Conn conn = new Conn(ws);
        ws.textMessageHandler(text -> {
            JsonNode frame = FakeDiscordHttp.parse(text);
            int op = frame.path("op").asInt(-1);
            if (op == 1) {
                conn.send(op(11));
            } else if (op == 2 || op == 6) {
                FakeDiscordGateway bot = byToken.apply(frame.path("d").path("token").asText());
                if (bot == null) {
                    ws.close((short) 4004, "Authentication failed.");
                } else {
                    bot.attach(conn, frame);
                }
            }
        });
        conn.send(op(10).set("d", MAPPER.createObjectNode().put("heartbeat_interval", heartbeatIntervalMs)));
    }
}
