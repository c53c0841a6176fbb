package io.pigateway.api;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one turn's progress into {@code chat.*} events for the one connection that asked. */
final class WsTurnEvents implements TurnObserver {
    private final WsConnection connection;
    private final String sessionKey;
    private volatile String runId;

    WsTurnEvents(WsConnection connection, String sessionKey) {
        this.connection = connection;
        this.sessionKey = sessionKey;
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
        connection.event("chat.delta", payload("text", text));
    }

    @Override
    public void onTool(String toolName, String phase) {
        Map<String, Object> p = payload("name", toolName);
        p.put("phase", phase);
        connection.event("chat.tool", p);
    }

    @Override
    public void onFinal(TurnResult result) {
        connection.event("chat.final", payload("text", result.text()));
    }

    @Override
    public void onError(String code, String message) {
        Map<String, Object> p = payload("code", code);
        p.put("message", message);
        connection.event("chat.error", p);
    }

    private Map<String, Object> payload(String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sessionKey", sessionKey);
        p.put("runId", runId);
        p.put(name, value);
        return p;
    }
}
