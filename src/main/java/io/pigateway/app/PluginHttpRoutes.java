package io.pigateway.app;

import io.pigateway.app.Registrations.HttpRoute;
import io.pigateway.app.Registrations.Registered;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * The HTTP endpoints modules registered ({@code registerHttpRoute}), as platform-http routes on the
 * gateway's port, each with the id {@code plugin-<module>-http-<n>}. They sit behind the gateway
 * token like every platform-http route (the runtime's route configuration); a route declared public
 * is one of {@link #publicPaths}. What the handler sets is the answer: the request's own headers
 * ({@code Authorization} among them) are removed before platform-http would echo them back.
 */
public final class PluginHttpRoutes {
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    /** Paths the gateway serves itself: a plugin cannot take them over. */
    private static final List<String> RESERVED = List.of("/api/", "/v1/", "/ws", "/health", "/auth");

    private PluginHttpRoutes() {
    }

    /** One route per registration, in registration order. */
    public static RouteBuilder httpRoutes(List<Registered<HttpRoute>> routes) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                Map<String, Integer> counts = new HashMap<>();
                for (Registered<HttpRoute> registered : routes) {
                    HttpRoute route = registered.value();
                    int n = counts.merge(registered.module(), 1, Integer::sum);
                    from("platform-http:" + route.path() + "?httpMethodRestrict=" + methods(route.methods()))
                            .routeId(routeId(registered.module(), n))
                            .process(answerOnly(route.handler()));
                }
            }
        };
    }

    /** The paths of the routes declared public (no gateway token asked). */
    public static Set<String> publicPaths(List<Registered<HttpRoute>> routes) {
        Set<String> paths = new LinkedHashSet<>();
        routes.stream().filter(r -> r.value().isPublic()).forEach(r -> paths.add(r.value().path()));
        return paths;
    }

    /** {@code plugin-<module>-http-<n>}, the module's name reduced to what a route id reads well with. */
    static String routeId(String module, int n) {
        String name = module.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return "plugin-" + name + "-http-" + n;
    }

    /**
     * Throws when a registration could not become a route (the module's register() then fails):
     * a path taken twice would stop Camel from starting, and with it the whole gateway.
     */
    static void requireValid(String path, String methods, Processor handler, List<Registered<HttpRoute>> registered) {
        registered.stream().filter(r -> r.value().path().equals(path)).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("the path " + path + " is already served by " + r.module());
        });
        Objects.requireNonNull(handler, "the HTTP handler");
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("*")) {
            throw new IllegalArgumentException("an HTTP route path starts with / and has no ? or *: " + path);
        }
        for (String reserved : RESERVED) {
            if (path.equals(reserved) || path.startsWith(reserved.endsWith("/") ? reserved : reserved + "/")) {
                throw new IllegalArgumentException("the path " + path + " is the gateway's own (use e.g. /plugins/<name>/...)");
            }
        }
        methods(methods);
    }

    /** {@code get, post} → {@code GET,POST}; throws on anything that is not a method name. */
    static String methods(String methods) {
        if (methods == null || methods.isBlank()) {
            throw new IllegalArgumentException("an HTTP route names its methods, e.g. GET or GET,POST");
        }
        StringBuilder out = new StringBuilder();
        for (String m : methods.split(",")) {
            String method = m.strip().toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(method).matches()) {
                throw new IllegalArgumentException("not an HTTP method: " + m);
            }
            out.append(out.length() > 0 ? "," : "").append(method);
        }
        return out.toString();
    }

    /** Runs the handler, then drops the request headers it left as they were (platform-http would echo them). */
    private static Processor answerOnly(Processor handler) {
        return exchange -> {
            Map<String, Object> request = new HashMap<>(exchange.getMessage().getHeaders());
            handler.process(exchange);
            request.forEach((name, value) -> {
                if (Objects.equals(exchange.getMessage().getHeader(name), value)
                        && !Exchange.HTTP_RESPONSE_CODE.equals(name)) {
                    exchange.getMessage().removeHeader(name);
                }
            });
        };
    }
}
