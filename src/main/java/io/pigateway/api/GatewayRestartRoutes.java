package io.pigateway.api;

import io.pigateway.config.ConfigException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /api/gateway/restart} (gateway token): drains, then restarts the gateway in its own
 * process. Answers 202 at once with what will happen; 400 {@code invalid_config} when the config
 * file would not load (nothing stops); 409 when a restart is already under way.
 */
public final class GatewayRestartRoutes extends RouteBuilder {
    public static final String PATH = "/api/gateway/restart";

    /** Starts a drain-then-restart in the background and says what will happen. */
    @FunctionalInterface
    public interface Restarter {
        /**
         * @throws ConfigException       the config file is invalid
         * @throws IllegalStateException a restart is already under way
         */
        Map<String, Object> restart(String askedBy);
    }

    private final Restarter restarter;

    public GatewayRestartRoutes(Restarter restarter) {
        this.restarter = restarter;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=POST").routeId("api-gateway-restart")
                .process(this::restart);
    }

    private void restart(Exchange exchange) {
        String client = exchange.getMessage().getHeader(HttpGate.CLIENT_HEADER, "unknown", String.class);
        try {
            ApiJson.respond(exchange, 202, restarter.restart("the HTTP API (client " + client + ")"));
        } catch (ConfigException e) {
            ApiJson.error(exchange, 400, "invalid_config",
                    "the config file is invalid, so the gateway does not restart: " + e.getMessage());
        } catch (IllegalStateException e) {
            ApiJson.error(exchange, 409, "restart_under_way", e.getMessage());
        }
    }
}
