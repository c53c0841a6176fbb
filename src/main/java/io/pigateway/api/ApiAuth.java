package io.pigateway.api;

import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
    private static final Map<String, Pattern> TEMPLATES = new ConcurrentHashMap<>();
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
        if (exchange.getFromEndpoint() instanceof PlatformHttpEndpoint http) {
            String template = http.getPath();
            if (!template.contains("{")) {
                return template;
            }
            // a path template (/telegram/{account}): the request's own path, which platform-http sets from
            // Vert.x, when it has the template's shape; else the template itself, which is never public
            String actual = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
            return actual != null && TEMPLATES.computeIfAbsent(template, ApiAuth::shapeOf).matcher(actual).matches()
                    ? actual : template;
        }
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }

    /** {@code /telegram/{account}} → {@code \Q/telegram/\E[^/]+}: one path segment per parameter. */
    private static Pattern shapeOf(String template) {
        String[] literals = template.split("\\{[^}/]*}", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(literals[0]));
        for (int i = 1; i < literals.length; i++) {
            regex.append("[^/]+").append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
