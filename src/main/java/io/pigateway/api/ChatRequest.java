package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.session.SessionKeys;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The body {@code POST /api/chat} and {@code /api/chat/stream} share: {@code {"message",
 * "sessionKey"?}}. {@link #read} answers 400 itself when the body is not one.
 */
record ChatRequest(String message, String sessionKey) {

    /** The body handler both mount in front: bodies up to 1 MiB. */
    static BodyHandler bodyHandler() {
        return BodyHandler.create().setBodyLimit(1024 * 1024);
    }

    /** The request, or null after answering 400. */
    static ChatRequest read(RoutingContext rc) {
        ObjectNode body = VertxJson.readObject(rc);
        if (body == null) {
            return null;
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            VertxJson.error(rc, 400, "bad_request", "\"message\" must be a non-empty string");
            return null;
        }
        JsonNode key = body.get("sessionKey");
        if (key == null || key.isNull()) {
            return new ChatRequest(message.asText(), null);
        }
        try {
            if (!key.isTextual()) {
                throw new IllegalArgumentException("it must be a string");
            }
            return new ChatRequest(message.asText(), SessionKeys.parse(key.asText()));
        } catch (IllegalArgumentException e) {
            VertxJson.error(rc, 400, "bad_request", "invalid sessionKey: " + e.getMessage());
            return null;
        }
    }

    /** The message as it enters the pipeline from the API. */
    InboundMessage inbound() {
        return InboundMessage.direct("api", "default", message);
    }
}
