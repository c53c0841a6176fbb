package io.pigateway.pipeline.lane.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;

/**
 * One event of a turn on the replies topic, for a caller waiting on another instance: JSON with
 * {@code to} (the instance), {@code id} (the caller there), {@code type} and the event's fields.
 */
final class ReplyEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyEvent() {
    }

    static String start(String to, String id, String sessionKey, String runId) {
        return base(to, id, "start").put("sessionKey", sessionKey).put("runId", runId).toString();
    }

    static String delta(String to, String id, String text) {
        return base(to, id, "delta").put("text", text).toString();
    }

    static String tool(String to, String id, String tool, String phase) {
        return base(to, id, "tool").put("tool", tool).put("phase", phase).toString();
    }

    static String fin(String to, String id, TurnResult r) {
        return base(to, id, "final").put("sessionKey", r.sessionKey()).put("runId", r.runId()).put("text", r.text())
                .put("stopReason", r.stopReason()).put("model", r.model()).toString();
    }

    static String error(String to, String id, String code, String message) {
        return base(to, id, "error").put("code", code).put("message", message).toString();
    }

    private static ObjectNode base(String to, String id, String type) {
        return JSON.createObjectNode().put("to", to).put("id", id).put("type", type);
    }

    /** Reads one event; null when it is damaged. */
    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Plays the event to the caller's observer; true when it ended the turn (final or error).
     * Token usage does not travel: the caller sees the answer, the run id and the model.
     */
    static boolean play(JsonNode e, TurnObserver o) {
        switch (e.path("type").asText()) {
            case "start" -> o.onStart(text(e, "sessionKey"), text(e, "runId"));
            case "delta" -> o.onDelta(text(e, "text"));
            case "tool" -> o.onTool(text(e, "tool"), text(e, "phase"));
            case "final" -> {
                o.onFinal(new TurnResult(text(e, "sessionKey"), text(e, "runId"), text(e, "text"),
                        text(e, "stopReason"), null, text(e, "model")));
                return true;
            }
            case "error" -> {
                o.onError(text(e, "code"), text(e, "message"));
                return true;
            }
            default -> {
            }
        }
        return false;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
