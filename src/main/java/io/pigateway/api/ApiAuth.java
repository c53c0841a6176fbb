package io.pigateway.api;

import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

/**
 * Guards every platform-http route (Java and YAML alike, through a route configuration) as a
 * second line behind {@link HttpGate}: anything but the public paths needs the API credential
 * (bearer token, or the sign-in cookie in password mode). Default deny. Rate limiting of wrong
 * credentials happens in the gate, which sees the socket address.
 */
public final class ApiAuth implements Processor {
    private final AuthPolicy policy;
    private final Set<String> publicPaths;

    /**
     * @param publicPaths exact paths that carry no gateway auth (health, and endpoints that check a
     *                    secret of their own, like webhooks)
     */
    public ApiAuth(AuthPolicy policy, Set<String> publicPaths) {
        this.policy = policy;
        this.publicPaths = publicPaths; // a live view: a webhook added by a config reload is public at once
    }

    @Override
    public void process(Exchange exchange) {
        if (policy.isOff() || publicPaths.contains(pathOf(exchange))) {
            return;
        }
        Verdict verdict = policy.check(exchange.getMessage().getHeader("Authorization", String.class),
                exchange.getMessage().getHeader("Cookie", String.class));
        if (verdict != Verdict.OK) {
            ApiJson.error(exchange, 401, "unauthorized",
                    "missing or wrong bearer token (send Authorization: Bearer <gateway token>)");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            exchange.setRouteStop(true);
        }
    }

    static String pathOf(Exchange exchange) {
        if (exchange.getFromEndpoint() instanceof PlatformHttpEndpoint http && !http.getPath().contains("{")) {
            return http.getPath();
        } // a path template (/telegram/{account}): the request's own path, which platform-http sets from Vert.x
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }
}
