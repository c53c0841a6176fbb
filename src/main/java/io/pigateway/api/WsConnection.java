package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.GatewayAccess.Decision;
import io.pigateway.security.AuthPolicy.Verdict;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: parses request frames, enforces the {@code connect} handshake when the
 * upgrade carried no credential, and writes answers and the events of this client's own turns.
 * Bad frames get an error frame; the connection stays open.
 */
public final class WsConnection {
    static final int MAX_FRAME_BYTES = 1024 * 1024;
    static final long HANDSHAKE_TIMEOUT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    static final String EXPIRED = "The gateway token was changed; please sign in with the new token.";

    private final ServerWebSocket socket;
    private final String client;
    private final GatewayAccess access;
    private final WsMethods methods;
    private volatile boolean authenticated;
    private volatile boolean closed;
    /** The rotation generation of the token this client signed in with; -1 when not token-bound. */
    private volatile long tokenGeneration;
    /** Session key → the action that ends this connection's subscription to it. */
    private final java.util.Map<String, Runnable> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param tokenGeneration of the Bearer token on the upgrade ({@link io.pigateway.security.AuthPolicy#generationOf}) */
    WsConnection(ServerWebSocket socket, String client, boolean authenticated, long tokenGeneration,
                 GatewayAccess access, WsMethods methods) {
        this.tokenGeneration = tokenGeneration;
        this.socket = socket;
        this.client = client;
        this.authenticated = authenticated;
        this.access = access;
        this.methods = methods;
    }

    void start() {
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(b -> error(null, "bad_request", "binary frames are not supported; send JSON text"));
        socket.closeHandler(v -> {
            closed = true;
            subscriptions.values().forEach(Runnable::run);
            subscriptions.clear();
        });
        socket.exceptionHandler(e -> LOG.debug("websocket error from {}: {}", client, e.toString()));
        if (!authenticated) {
            io.vertx.core.Vertx.currentContext().owner().setTimer(HANDSHAKE_TIMEOUT_MS, t -> {
                if (!authenticated && !closed) {
                    socket.close((short) 1008, "connect first");
                }
            });
        }
    }

    /** Subscribes once per session; {@code watch} starts watching and returns how to stop. */
    boolean subscribe(String sessionKey, java.util.function.Supplier<Runnable> watch) {
        if (closed || subscriptions.containsKey(sessionKey)) {
            return false;
        }
        subscriptions.put(sessionKey, watch.get());
        return true;
    }

    boolean unsubscribe(String sessionKey) {
        Runnable stop = subscriptions.remove(sessionKey);
        if (stop != null) {
            stop.run();
        }
        return stop != null;
    }

    boolean isSubscribed(String sessionKey) {
        return subscriptions.containsKey(sessionKey);
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Whether the token this client signed in with is still accepted. After a rotation's grace it
     * is not: the connection is closed, and the page's reconnect meets the sign-in form.
     */
    boolean stillSignedIn() {
        return !authenticated || access.web().stillAccepts(tokenGeneration);
    }

    /** Closes a connection whose token was rotated out (see {@link #stillSignedIn}). */
    void signOut() {
        event("auth.expired", Map.of("message", EXPIRED));
        socket.close((short) 1008, "token rotated");
    }

    /** A server event for this client; dropped once the socket is closed. */
    public void event(String name, Object payload) {
        ObjectNode frame = ApiJson.MAPPER.createObjectNode();
        frame.put("type", "event").put("event", name);
        frame.set("payload", ApiJson.MAPPER.valueToTree(payload));
        write(frame);
    }

    private void onText(String text) {
        if (text.length() > MAX_FRAME_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
            error(null, "frame_too_large", "frames are limited to 1 MiB");
            return;
        }
        JsonNode frame;
        try {
            frame = ApiJson.MAPPER.readTree(text);
        } catch (Exception e) {
            error(null, "bad_json", "the frame is not valid JSON");
            return;
        }
        if (!(frame instanceof ObjectNode)) {
            error(null, "bad_request", "a frame must be a JSON object {id?, method, params?}");
            return;
        }
        JsonNode idNode = frame.get("id");
        String id = idNode == null || idNode.isNull() ? null : idNode.asText();
        JsonNode method = frame.get("method");
        if (method == null || !method.isTextual()) {
            error(id, "bad_request", "\"method\" must be a string");
            return;
        }
        JsonNode params = frame.path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            error(id, "bad_request", "\"params\" must be an object");
            return;
        }
        ObjectNode paramObject = params.isObject() ? (ObjectNode) params : ApiJson.MAPPER.createObjectNode();
        if ("connect".equals(method.asText())) {
            connect(id, paramObject);
        } else if (!authenticated) {
            error(id, "unauthorized", "send {\"method\":\"connect\",\"params\":{\"token\":...}} first");
        } else {
            methods.call(this, method.asText(), paramObject).whenComplete((payload, failure) -> {
                if (failure == null) {
                    ok(id, payload);
                } else if (failure.getCause() instanceof WsMethods.MethodError e) {
                    error(id, e.code(), e.getMessage());
                } else if (failure instanceof WsMethods.MethodError e) {
                    error(id, e.code(), e.getMessage());
                } else {
                    LOG.warn("websocket method {} failed", method.asText(), failure);
                    error(id, "internal", "the gateway could not handle this request");
                }
            });
        }
    }

    private void connect(String id, ObjectNode params) {
        if (!authenticated) {
            JsonNode token = params.get("token");
            String presented = token != null && token.isTextual() ? token.asText() : null;
            Verdict verdict = access.web().checkToken(presented);
            Decision decision = verdict == Verdict.MISSING ? Decision.UNAUTHORIZED : access.decide(verdict, client);
            if (decision != Decision.ALLOW) {
                boolean limited = decision == Decision.TOO_MANY;
                error(id, limited ? "too_many_attempts" : "unauthorized", limited
                        ? "too many failed attempts; try again later"
                        : verdict == Verdict.EXPIRED ? EXPIRED : "missing or wrong token");
                socket.close((short) 1008, limited ? "too many attempts" : "unauthorized");
                return;
            }
            tokenGeneration = access.web().generationOf(presented);
            authenticated = true;
        }
        ok(id, Map.of("server", "pi-gateway", "mode", access.web().mode(), "methods", methods.names()));
    }

    void ok(String id, Object payload) {
        ObjectNode frame = ApiJson.MAPPER.createObjectNode();
        frame.put("type", "res");
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("ok", true);
        frame.set("payload", ApiJson.MAPPER.valueToTree(payload));
        write(frame);
    }

    void error(String id, String code, String message) {
        ObjectNode frame = ApiJson.MAPPER.createObjectNode();
        frame.put("type", "res");
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("ok", false);
        frame.putObject("error").put("code", code).put("message", message);
        write(frame);
    }

    private void write(ObjectNode frame) {
        if (closed) {
            return;
        }
        try {
            socket.writeTextMessage(ApiJson.MAPPER.writeValueAsString(frame));
        } catch (Exception e) {
            LOG.debug("could not write to websocket {}: {}", client, e.toString());
        }
    }
}
