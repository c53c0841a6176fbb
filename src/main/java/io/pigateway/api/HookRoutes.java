package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.GatewayDrainingException;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.security.AttemptLimiter;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.GatewayToken;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST {hooks.path}/wake} with {@code Authorization: Bearer {hooks.token}}: queues a turn
 * (on the main session unless a key is given) and answers 202 at once. Public for the gateway's
 * own auth; it checks its own secret. Mounted only when {@code hooks.enabled}.
 */
public final class HookRoutes extends RouteBuilder {
    private final ControlPlane control;
    private final String path;
    private final GatewayToken token;
    private final String mainSession;
    private final AttemptLimiter limiter;

    /** @param token {@code hooks.token} or the stored one (rotatable, see {@link TokenRotationRoutes}) */
    public HookRoutes(ControlPlane control, String hooksPath, GatewayToken token, String agentId, AttemptLimiter limiter) {
        this.control = control;
        this.limiter = limiter;
        this.path = wakePath(hooksPath);
        this.token = token;
        this.mainSession = "agent:" + agentId + ":main";
    }

    public static String wakePath(String hooksPath) {
        String base = hooksPath.startsWith("/") ? hooksPath : "/" + hooksPath;
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/wake";
    }

    @Override
    public void configure() {
        from("platform-http:" + path + "?httpMethodRestrict=POST").routeId("hooks-wake").process(this::wake);
    }

    private void wake(Exchange exchange) {
        String presented = AuthPolicy.bearer(exchange.getMessage().getHeader("Authorization", String.class));
        String client = exchange.getMessage().getHeader(HttpGate.CLIENT_HEADER, "unknown", String.class);
        boolean valid = presented != null && token.matches(presented);
        boolean retired = !valid && presented != null && token.retired(presented);
        // a missing or rotated-out token is not a guess; a wrong one is counted like any wrong credential
        AttemptLimiter.Outcome outcome = (presented == null || retired) && !valid ? AttemptLimiter.Outcome.REFUSE
                : limiter.attempt(client, valid);
        if (outcome == AttemptLimiter.Outcome.TOO_MANY) {
            long retry = Math.max(1, limiter.retryAfterSeconds(client));
            ApiJson.error(exchange, 429, "too_many_attempts", "too many wrong hooks tokens; try again in " + retry + "s");
            exchange.getMessage().setHeader("Retry-After", Long.toString(retry));
            return;
        }
        if (outcome == AttemptLimiter.Outcome.REFUSE) {
            ApiJson.error(exchange, 401, "unauthorized", retired
                    ? "the hooks token was rotated and its grace period is over; use the new one"
                    : "missing or wrong hooks token");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        ObjectNode body = ApiJson.readObject(exchange);
        if (body == null) {
            return;
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            ApiJson.error(exchange, 400, "bad_request", "\"text\" must be a non-empty string");
            return;
        }
        JsonNode key = body.get("sessionKey");
        if (key != null && !key.isNull() && !(key.isTextual() && SessionKeys.isValid(key.asText()))) {
            ApiJson.error(exchange, 400, "bad_request", "invalid sessionKey");
            return;
        }
        String sessionKey = key != null && !key.isNull() ? key.asText() : mainSession;
        try {
            String routed = control.submit(InboundMessage.direct("hooks", "wake", text.asText()), sessionKey,
                    TurnObserver.NONE);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accepted", routed != null);
            answer.put("sessionKey", routed);
            ApiJson.respond(exchange, routed != null ? 202 : 403, answer);
        } catch (LaneFullException e) {
            ApiJson.error(exchange, 429, "busy", "this session has too many queued messages; try again shortly");
        } catch (GatewayDrainingException e) {
            ApiJson.error(exchange, 503, GatewayDrainingException.CODE, e.getMessage());
            exchange.getMessage().setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
    }
}
