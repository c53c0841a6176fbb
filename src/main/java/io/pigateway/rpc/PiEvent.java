package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One event line from pi, parsed. {@code json} is the whole line. */
public record PiEvent(String type, JsonNode json) {

    /** The text delta of a {@code message_update/text_delta} event, else null. */
    public String textDelta() {
        if (!"message_update".equals(type)) {
            return null;
        }
        JsonNode ame = json.get("assistantMessageEvent");
        if (ame == null || !"text_delta".equals(ame.path("type").asText())) {
            return null;
        }
        return ame.path("delta").asText("");
    }

    /** Tool name of a {@code tool_execution_*} event, else null. */
    public String toolName() {
        return type.startsWith("tool_execution_") ? json.path("toolName").asText(null) : null;
    }
}
