package io.pigateway.api;

import io.pigateway.core.session.SessionKeys;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /api/sessions}, {@code GET|DELETE /api/session/{key}} (key URL-encoded; DELETE kills),
 * {@code PATCH /api/sessions/{key}} (rename) and {@code DELETE /api/sessions/{key}} (forget it).
 */
public final class SessionRoutes extends RouteBuilder {
    private final ControlPlane control;

    public SessionRoutes(ControlPlane control) {
        this.control = control;
    }

    @Override
    public void configure() {
        from("platform-http:/api/sessions?httpMethodRestrict=GET").routeId("api-sessions")
                .process(ex -> ApiJson.ok(ex, Map.of("sessions", control.sessions())));
        from("platform-http:/api/session/{key}?httpMethodRestrict=GET,DELETE").routeId("api-session")
                .process(this::session);
        from("platform-http:/api/sessions/{key}?httpMethodRestrict=PATCH,DELETE").routeId("api-sessions-edit")
                .process(this::edit);
    }

    private void edit(Exchange exchange) {
        String key = exchange.getMessage().getHeader("key", String.class);
        if (!SessionKeys.isValid(key)) {
            ApiJson.error(exchange, 400, "bad_request", "invalid session key");
            return;
        }
        if ("DELETE".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
            if (!control.isKnown(key)) {
                ApiJson.error(exchange, 404, "not_found", "unknown session");
                return;
            }
            ApiJson.ok(exchange, Map.of("key", key, "deleted", control.delete(key)));
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = ApiJson.readObject(exchange);
        if (body == null) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode title = body.get("title");
        if (title == null || !title.isTextual() || !control.rename(key, title.asText())) {
            ApiJson.error(exchange, 400, "bad_request", "\"title\" must be a non-empty string");
            return;
        }
        ApiJson.ok(exchange, Map.of("key", key, "renamed", true));
    }

    private void session(Exchange exchange) {
        String key = exchange.getMessage().getHeader("key", String.class);
        if (!SessionKeys.isValid(key)) {
            ApiJson.error(exchange, 400, "bad_request", "invalid session key");
            return;
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if ("DELETE".equals(method)) {
            if (!control.isKnown(key)) {
                ApiJson.error(exchange, 404, "not_found", "unknown session");
                return;
            }
            ApiJson.ok(exchange, Map.of("key", key, "killed", control.kill(key)));
            return;
        }
        control.session(key).ifPresentOrElse(s -> ApiJson.ok(exchange, s),
                () -> ApiJson.error(exchange, 404, "not_found", "unknown session"));
    }
}
