package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/** JSON bodies and {@code {"error":{"code","message"}}} answers for the HTTP API. */
public final class ApiJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private ApiJson() {
    }

    /** Parses the request body as a JSON object, or answers 400 and returns null. */
    public static ObjectNode readObject(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
            error(exchange, 400, "bad_request", "the body must be a JSON object");
        } catch (Exception e) {
            error(exchange, 400, "bad_request", "the body is not valid JSON");
        }
        return null;
    }

    public static void ok(Exchange exchange, Object payload) {
        respond(exchange, 200, payload);
    }

    public static void respond(Exchange exchange, int status, Object payload) {
        try {
            exchange.getMessage().setBody(MAPPER.writeValueAsString(payload));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize API answer", e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    public static void error(Exchange exchange, int status, String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        respond(exchange, status, root);
    }
}
