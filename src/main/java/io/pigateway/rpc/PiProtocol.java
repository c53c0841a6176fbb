package io.pigateway.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** pi's JSON-lines RPC: parsing one stdout line, building command lines. Stateless. */
final class PiProtocol {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Extension UI methods that block pi until answered; the rest are fire-and-forget. */
    static final Set<String> DIALOG_METHODS = Set.of("select", "confirm", "input", "editor");

    /** One parsed stdout line. */
    sealed interface Line permits Response, Event, UiRequest, Garbage {
    }

    /** A command response; {@code id} is null when pi dropped it (unknown command, parse error). */
    record Response(String id, String command, boolean success, String error, JsonNode data) implements Line {
    }

    record Event(PiEvent event) implements Line {
    }

    record UiRequest(String id, String method) implements Line {
        boolean isDialog() {
            return DIALOG_METHODS.contains(method);
        }
    }

    /** Not a JSON object with a type: logged and ignored. */
    record Garbage(String text) implements Line {
    }

    private PiProtocol() {
    }

    static Line parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Garbage(text);
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return new Garbage(text);
        }
        String type = node.get("type").asText();
        return switch (type) {
            case "response" -> new Response(node.path("id").isTextual() ? node.get("id").asText() : null,
                    node.path("command").asText(null), node.path("success").asBoolean(false),
                    node.path("error").asText(null), node.get("data"));
            case "extension_ui_request" -> new UiRequest(node.path("id").asText(null), node.path("method").asText(""));
            default -> new Event(new PiEvent(type, node));
        };
    }

    /** A command line: {@code {"id":..,"type":..}} plus the given fields. */
    static String command(String id, String type, ObjectNode fields) {
        ObjectNode cmd = JSON.createObjectNode();
        cmd.put("id", id).put("type", type);
        if (fields != null) {
            cmd.setAll(fields);
        }
        return cmd.toString();
    }

    /** The answer that dismisses an extension dialog so it cannot block the agent. */
    static String cancelDialog(String uiRequestId) {
        return JSON.createObjectNode().put("type", "extension_ui_response").put("id", uiRequestId)
                .put("cancelled", true).toString();
    }

    static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    /** Concatenated text parts of an agent message's {@code content} (string or part array). */
    static String messageText(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }
}
