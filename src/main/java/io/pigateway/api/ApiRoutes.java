package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.app.FutureObserver;
import io.pigateway.app.FutureObserver.TurnFailure;
import io.pigateway.app.GatewayService;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnResult;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.core.session.SessionKeys;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The HTTP API on platform-http (Vert.x): {@code GET /health}, {@code POST /api/chat}. */
public final class ApiRoutes extends RouteBuilder {
    private final GatewayService gateway;
    private final Supplier<Object> health;
    private final long turnTimeoutMs;

    public ApiRoutes(GatewayService gateway, Supplier<Object> health, long turnTimeoutMs) {
        this.gateway = gateway;
        this.health = health;
        this.turnTimeoutMs = turnTimeoutMs;
    }

    @Override
    public void configure() {
        from("platform-http:/health?httpMethodRestrict=GET").routeId("api-health")
                .process(ex -> ApiJson.ok(ex, health.get()));

        from("platform-http:/api/chat?httpMethodRestrict=POST").routeId("api-chat")
                .process(this::chat);
    }

    private void chat(Exchange exchange) throws InterruptedException {
        ObjectNode body = ApiJson.readObject(exchange);
        if (body == null) {
            return;
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            ApiJson.error(exchange, 400, "bad_request", "\"message\" must be a non-empty string");
            return;
        }
        String sessionKey = null;
        JsonNode key = body.get("sessionKey");
        if (key != null && !key.isNull()) {
            try {
                sessionKey = SessionKeys.parse(key.asText());
            } catch (IllegalArgumentException e) {
                ApiJson.error(exchange, 400, "bad_request", "invalid sessionKey: " + e.getMessage());
                return;
            }
        }
        FutureObserver observer = new FutureObserver();
        try {
            sessionKey = gateway.submit(InboundMessage.direct("api", "default", message.asText()), sessionKey,
                    observer);
            TurnResult result = observer.future().get(turnTimeoutMs + 5_000, TimeUnit.MILLISECONDS);
            ObjectNode answer = ApiJson.MAPPER.createObjectNode();
            answer.put("reply", result.text()).put("sessionKey", result.sessionKey());
            ApiJson.ok(exchange, answer);
        } catch (LaneFullException e) {
            ApiJson.error(exchange, 429, "busy", "this session has too many queued messages; try again shortly");
        } catch (ExecutionException e) {
            TurnFailure failure = e.getCause() instanceof TurnFailure f ? f : new TurnFailure("internal",
                    "the turn failed");
            ApiJson.error(exchange, statusFor(failure.code()), failure.code(), failure.getMessage());
        } catch (TimeoutException e) {
            ApiJson.error(exchange, 504, "timeout", "the agent did not answer in time");
        }
    }

    static int statusFor(String code) {
        return switch (code) {
            case "busy" -> 429;
            case "pool_busy", "pi_unavailable" -> 503;
            case "timeout" -> 504;
            case "denied" -> 403;
            case "killed", "aborted" -> 409;
            case "internal" -> 500;
            default -> 502;
        };
    }
}
