package io.pigateway.api;

import io.pigateway.security.GatewayToken;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

/**
 * Guards every platform-http route (Java and YAML alike, through a route configuration):
 * anything but the public paths needs {@code Authorization: Bearer <token>}. Default deny, so a
 * route added later is protected without remembering to be. Comparison is constant-time.
 */
public final class ApiAuth implements Processor {
    private final String mode;
    private final GatewayToken token;
    private final Set<String> publicPaths;

    /**
     * @param publicPaths exact paths that carry no gateway auth (health, login, and endpoints that
     *                    check a secret of their own, like webhooks)
     */
    public ApiAuth(String mode, GatewayToken token, Set<String> publicPaths) {
        this.mode = mode;
        this.token = token;
        this.publicPaths = Set.copyOf(publicPaths);
    }

    @Override
    public void process(Exchange exchange) {
        if ("off".equals(mode) || publicPaths.contains(pathOf(exchange))) {
            return;
        }
        if (!token.matches(bearer(exchange.getMessage().getHeader("Authorization", String.class)))) {
            ApiJson.error(exchange, 401, "unauthorized",
                    "missing or wrong bearer token (send Authorization: Bearer <gateway token>)");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            exchange.setRouteStop(true);
        }
    }

    static String pathOf(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof PlatformHttpEndpoint http) {
            return http.getPath();
        }
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }

    static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
