package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.security.GatewayToken;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/auth/rotate} {@code {"graceMs": 600000}}: a new gateway token, accepted at once
 * and shown once in the answer; the old one keeps working for the grace period (default 10 min).
 * Logged without either secret.
 */
public final class TokenRotationRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRotationRoutes.class);
    static final long DEFAULT_GRACE_MS = 600_000;

    private final GatewayToken token;

    public TokenRotationRoutes(GatewayToken token) {
        this.token = token;
    }

    @Override
    public void configure() {
        from("platform-http:/api/auth/rotate?httpMethodRestrict=POST").routeId("api-auth-rotate").process(this::rotate);
    }

    private void rotate(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        long grace = DEFAULT_GRACE_MS;
        try {
            JsonNode json = body == null || body.isBlank() ? null : ApiJson.MAPPER.readTree(body);
            if (json != null && json.has("graceMs")) {
                grace = json.path("graceMs").asLong(-1);
            }
        } catch (Exception e) {
            grace = -1;
        }
        if (grace < 0) {
            ApiJson.error(exchange, 400, "bad_request", "graceMs must be a number of milliseconds, 0 or more");
            return;
        }
        try {
            String fresh = token.rotate(grace);
            Instant until = Instant.ofEpochMilli(token.previousValidUntil());
            LOG.warn("gateway token rotated through the API; the previous token is accepted until {}", until);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", fresh);
            answer.put("previousValidUntil", until.toString());
            ApiJson.ok(exchange, answer);
        } catch (IllegalStateException e) {
            ApiJson.error(exchange, 409, "token_from_config", e.getMessage());
        }
    }
}
