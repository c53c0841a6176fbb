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
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (contentType.contains("x-www-form-urlencoded") || contentType.contains("multipart/")) {
            // platform-http turns form bodies into headers; say what to send instead of guessing
            error(exchange, 415, "unsupported_media_type",
                    "send the body as JSON with the header Content-Type: application/json");
            return null;
        }
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
        // platform-http copies message headers into the response: drop the request's (and any
        // form fields turned into headers) so nothing is echoed back, the Authorization header included
        exchange.getMessage().removeHeaders("*");
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
