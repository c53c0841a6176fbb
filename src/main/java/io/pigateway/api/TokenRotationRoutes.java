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
 * {@code POST /api/auth/rotate} {@code {"graceMs": 600000, "which": "gateway"|"hooks"}}: a new
 * gateway token (or {@code hooks.token}), accepted at once and shown once in the answer; the old
 * one keeps working for the grace period (default 10 min), then is refused. Logged without either
 * secret.
 */
public final class TokenRotationRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRotationRoutes.class);
    static final long DEFAULT_GRACE_MS = 600_000;

    private final GatewayToken token;
    private final GatewayToken hooksToken;

    /** @param hooksToken the hooks' token, or null when {@code hooks.enabled} is off */
    public TokenRotationRoutes(GatewayToken token, GatewayToken hooksToken) {
        this.token = token;
        this.hooksToken = hooksToken;
    }

    @Override
    public void configure() {
        from("platform-http:/api/auth/rotate?httpMethodRestrict=POST").routeId("api-auth-rotate").process(this::rotate);
    }

    private void rotate(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        long grace = DEFAULT_GRACE_MS;
        String which = "gateway";
        try {
            JsonNode json = body == null || body.isBlank() ? null : ApiJson.MAPPER.readTree(body);
            if (json != null && json.has("graceMs")) {
                grace = json.path("graceMs").asLong(-1);
            }
            if (json != null && json.has("which")) {
                which = json.path("which").asText("");
            }
        } catch (Exception e) {
            grace = -1;
        }
        if (grace < 0) {
            ApiJson.error(exchange, 400, "bad_request", "graceMs must be a number of milliseconds, 0 or more");
            return;
        }
        if (!"gateway".equals(which) && !"hooks".equals(which)) {
            ApiJson.error(exchange, 400, "bad_request", "which must be \"gateway\" (default) or \"hooks\"");
            return;
        }
        GatewayToken target = "hooks".equals(which) ? hooksToken : token;
        if (target == null) {
            ApiJson.error(exchange, 409, "hooks_disabled", "hooks are off (hooks.enabled): there is no hooks token");
            return;
        }
        try {
            String fresh = target.rotate(grace);
            Instant until = Instant.ofEpochMilli(target.previousValidUntil());
            LOG.warn("{} token rotated through the API; the previous token is accepted until {}", which, until);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("which", which);
            answer.put("token", fresh);
            answer.put("previousValidUntil", until.toString());
            ApiJson.ok(exchange, answer);
        } catch (IllegalStateException e) {
            ApiJson.error(exchange, 409, "token_from_config", e.getMessage());
        }
    }
}
