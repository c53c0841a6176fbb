package io.pigateway.api;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one turn's progress into {@code chat.*} events for the one connection that asked. */
final class WsTurnEvents implements TurnObserver {
    private final WsConnection connection;
    private final String sessionKey;
    private final boolean emits;
    private volatile String runId;

    WsTurnEvents(WsConnection connection, String sessionKey) {
        this(connection, sessionKey, true);
    }

    private WsTurnEvents(WsConnection connection, String sessionKey, boolean emits) {
        this.connection = connection;
        this.sessionKey = sessionKey;
        this.emits = emits;
    }

    /** Only learns the run id (for the {@code chat.send} answer); a subscription sends the events. */
    static WsTurnEvents runIdOnly(WsConnection connection, String sessionKey) {
        return new WsTurnEvents(connection, sessionKey, false);
    }

    String runId() {
        return runId;
    }

    @Override
    public void onStart(String key, String id) {
        this.runId = id;
    }

    @Override
    public void onDelta(String text) {
        emit("chat.delta", payload("text", text));
    }

    @Override
    public void onTool(String toolName, String phase) {
        Map<String, Object> p = payload("name", toolName);
        p.put("phase", phase);
        emit("chat.tool", p);
    }

    @Override
    public void onFinal(TurnResult result) {
        Map<String, Object> p = payload("text", result.text());
        p.put("model", result.model());
        emit("chat.final", p);
    }

    @Override
    public void onError(String code, String message) {
        Map<String, Object> p = payload("code", code);
        p.put("message", message);
        emit("chat.error", p);
    }

    /** A message delivered into the session outside a turn: {@code chat.message} (no run id). */
    @Override
    public void onMessage(String key, String text, java.time.Instant at) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sessionKey", key);
        p.put("role", "assistant");
        p.put("text", text);
        p.put("timestamp", at.toString());
        emit("chat.message", p);
    }

    private void emit(String event, Map<String, Object> payload) {
        if (emits) {
            connection.event(event, payload);
        }
    }

    private Map<String, Object> payload(String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sessionKey", sessionKey);
        p.put("runId", runId);
        p.put(name, value);
        return p;
    }
}
