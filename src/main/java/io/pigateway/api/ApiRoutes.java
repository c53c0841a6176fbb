package io.pigateway.api;

import java.util.function.Supplier;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /health} on platform-http (Vert.x). {@code POST /api/chat} lives on the Vert.x router
 * ({@link ChatApi}): a platform-http route would hold a worker thread for the whole turn.
 */
public final class ApiRoutes extends RouteBuilder {
    private final Supplier<Object> health;

    public ApiRoutes(Supplier<Object> health) {
        this.health = health;
    }

    @Override
    public void configure() {
        from("platform-http:/health?httpMethodRestrict=GET").routeId("api-health")
                .process(ex -> {
                    Object report = health.get();
                    // not ready (a readiness check is down): 503, so load balancers and probes look elsewhere
                    boolean down = report instanceof java.util.Map<?, ?> m && "down".equals(m.get("status"));
                    ApiJson.respond(ex, down ? 503 : 200, report);
                });
    }
}
