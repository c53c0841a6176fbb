package io.pigateway.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** How pi writes every streaming event ({@code JSON.stringify} keeps the key order). */
    private static final String MESSAGE_UPDATE_PREFIX = "{\"type\":\"message_update\"";

    private static final byte[] MESSAGE_UPDATE_BYTES = MESSAGE_UPDATE_PREFIX.getBytes(StandardCharsets.UTF_8);

    static Line parse(String text) {
        if (text.startsWith(MESSAGE_UPDATE_PREFIX)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Line update = parseMessageUpdate(bytes, bytes.length);
            if (update != null) {
                return update;
            }
        }
        return parseTree(text);
    }

    /**
     * One line as UTF-8 bytes ({@code buf[0..len)}). A {@code message_update} is parsed in place,
     * without decoding the line into a String: it is complete within its first few hundred bytes.
     */
    static Line parse(byte[] buf, int len) {
        if (startsWith(buf, len, MESSAGE_UPDATE_BYTES)) {
            Line update = parseMessageUpdate(buf, len);
            if (update != null) {
                return update;
            }
        }
        return parseTree(new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    private static boolean startsWith(byte[] buf, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Line parseTree(String text) {
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

    /**
     * A {@code message_update} line without its two copies of the whole message so far
     * ({@code message} and {@code assistantMessageEvent.partial}): they make a long answer's output
     * quadratic (a 4,000-character answer is ~2.4 MB of lines) and nobody needs them, since the
     * final message comes with {@code message_end}. The parser skips them without building them;
     * every other field is kept. A {@code text_delta} (most lines) is complete once its {@code delta}
     * is read, so parsing stops at {@code partial}: the rest of the line is not even scanned.
     * Null when the line is not valid JSON up to there (the caller then reports it).
     */
    private static Line parseMessageUpdate(byte[] json, int len) {
        // the byte parser works on the array in place: stopping early leaves the rest untouched
        try (JsonParser p = JSON.getFactory().createParser(json, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("message".equals(name)) {
                    p.skipChildren();
                } else if ("assistantMessageEvent".equals(name) && value == JsonToken.START_OBJECT) {
                    ObjectNode event = root.putObject(name);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if ("partial".equals(field)) {
                            if (isCompleteTextDelta(event)) {
                                // pi writes partial and then message last: nothing after them is needed,
                                // so stop here instead of scanning the two copies (most of the line)
                                return new Event(new PiEvent("message_update", root));
                            }
                            p.skipChildren();
                        } else {
                            event.set(field, JSON.readTree(p));
                        }
                    }
                } else {
                    root.set(name, JSON.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                return null; // trailing content: not one JSON object
            }
            return new Event(new PiEvent("message_update", root));
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isCompleteTextDelta(ObjectNode event) {
        return "text_delta".equals(event.path("type").asText()) && event.path("delta").isTextual();
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
