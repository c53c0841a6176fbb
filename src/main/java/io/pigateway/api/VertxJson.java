package io.pigateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** JSON answers for the handlers that live on the Vert.x router (same shapes as {@link ApiJson}). */
final class VertxJson {
    private VertxJson() {
    }

    static void respond(RoutingContext rc, int status, Object payload) {
        HttpServerResponse response = rc.response();
        // answers may come from any thread (a turn's completion, a timer): the first one wins
        synchronized (response) {
            if (response.ended() || response.closed()) {
                return;
            }
            try {
                response.setStatusCode(status).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(ApiJson.MAPPER.writeValueAsString(payload));
            } catch (JsonProcessingException e) {
                response.setStatusCode(500).end();
            }
        }
    }

    static void error(RoutingContext rc, int status, String code, String message) {
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        respond(rc, status, root);
    }

    static void unauthorized(RoutingContext rc) {
        unauthorized(rc, ErrorShapes.GATEWAY);
    }

    /** 503 while the gateway drains before a restart or a stop, with when to try again. */
    static void draining(RoutingContext rc, io.pigateway.core.GatewayDrainingException e) {
        rc.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        error(rc, 503, io.pigateway.core.GatewayDrainingException.CODE, e.getMessage());
    }

    static void unauthorized(RoutingContext rc, ErrorShapes.Shape shape) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        shape.write(rc, 401, "unauthorized", "missing or wrong credentials (send Authorization: Bearer <gateway token>)");
    }

    static void tooMany(RoutingContext rc, long retryAfterSeconds) {
        tooMany(rc, retryAfterSeconds, ErrorShapes.GATEWAY);
    }

    static void tooMany(RoutingContext rc, long retryAfterSeconds, ErrorShapes.Shape shape) {
        rc.response().putHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        shape.write(rc, 429, "too_many_attempts", "too many failed sign-in attempts; try again in "
                + Math.max(1, retryAfterSeconds) + "s");
    }

    /** The body as a JSON object, or null after answering 400. */
    static ObjectNode readObject(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        if (contentType != null && (contentType.contains("x-www-form-urlencoded") || contentType.contains("multipart/"))) {
            // curl -d sends JSON labelled as a form: say what to send, as the platform-http routes do
            error(rc, 415, "unsupported_media_type", "send the body as JSON with the header Content-Type: application/json");
            return null;
        }
        Buffer body = rc.body() != null ? rc.body().buffer() : null;
        try {
            JsonNode node = body == null || body.length() == 0 ? null : ApiJson.MAPPER.readTree(body.getBytes());
            if (node instanceof ObjectNode object) {
                return object;
            }
            error(rc, 400, "bad_request", "the body must be a JSON object");
        } catch (Exception e) {
            error(rc, 400, "bad_request", "the body is not valid JSON");
        }
        return null;
    }
}
