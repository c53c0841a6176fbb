package io.pigateway.api;

import io.pigateway.security.LoginSessions;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The very first handler, before any auth: refuses what a web page in the user's browser could
 * make the browser send. DNS rebinding is stopped by the {@code Host} allowlist (every request);
 * cross-site forms by requiring {@code application/json} on request bodies; cross-site
 * {@code fetch} by the {@code Origin} / {@code Sec-Fetch-Site} check on every state-changing
 * request. Clients that send no {@code Origin} (curl, the CLI, Telegram) still pass; a request
 * that authenticates with the sign-in cookie must prove it comes from the gateway's own page.
 */
public final class RequestGuard implements Handler<RoutingContext> {
    private final HostAllowlist hosts;

    public RequestGuard(HostAllowlist hosts) {
        this.hosts = hosts;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!hosts.allowsHost(hostHeader(request))) {
            VertxJson.error(rc, 421, "unknown_host", "this gateway does not answer to that host name; "
                    + "if it is yours, add it to gateway.allowedHosts or set gateway.publicUrl");
            return;
        }
        if (!isStateChanging(request.method())) {
            rc.next();
            return;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if ("cross-site".equalsIgnoreCase(fetchSite) || (origin != null && !hosts.allowsOrigin(origin, request))) {
            VertxJson.error(rc, 403, "forbidden_origin", "requests from other web sites are refused; "
                    + "add the site to gateway.allowedOrigins if it should call the gateway");
            return;
        }
        if (usesCookieOnly(request) && origin == null && !"same-origin".equalsIgnoreCase(fetchSite)) {
            // the sign-in cookie rides along on any request the browser makes: demand proof of the page
            VertxJson.error(rc, 403, "forbidden_origin", "a signed-in browser request must carry its Origin; "
                    + "reload the page and try again");
            return;
        }
        rc.next();
    }

    /**
     * Mounted right after the auth gate (so a stranger hears 401 first): a body must be labelled
     * JSON, which no cross-site HTML form can do.
     */
    public static Handler<RoutingContext> jsonBodies() {
        return rc -> {
            if (hasMethodBody(rc.request().method()) && !jsonOrEmpty(rc.request())) {
                VertxJson.error(rc, 415, "unsupported_media_type",
                        "send the body as JSON with the header Content-Type: application/json");
                return;
            }
            rc.next();
        };
    }

    static String hostHeader(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null && request.authority() != null) {
            host = request.authority().toString(); // HTTP/2 :authority
        }
        return host;
    }

    static boolean isStateChanging(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE;
    }

    private static boolean hasMethodBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private static boolean usesCookieOnly(HttpServerRequest request) {
        if (request.getHeader("Authorization") != null) {
            return false;
        }
        String cookies = request.getHeader("Cookie");
        return cookies != null && (cookies.contains(LoginSessions.COOKIE) || cookies.contains(LoginSessions.SECURE_COOKIE));
    }

    /** A JSON media type, or no body at all (a bodiless POST such as logout). */
    static boolean jsonOrEmpty(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        if (type == null) {
            String length = request.getHeader("Content-Length");
            return request.getHeader("Transfer-Encoding") == null && (length == null || "0".equals(length.trim()));
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return "application/json".equals(media) || (media.startsWith("application/") && media.endsWith("+json"));
    }

    /** Hosts the listener answers to and origins that may change state; lower-case, without ports. */
    public record HostAllowlist(Set<String> hostNames, Set<String> origins) {
        private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

        public HostAllowlist {
            hostNames = Set.copyOf(hostNames.stream().map(HostAllowlist::normalizeHost).toList());
            origins = Set.copyOf(origins.stream().map(HostAllowlist::normalizeOrigin).toList());
        }

        boolean allowsHost(String hostHeader) {
            if (hostHeader == null) {
                return false;
            }
            String name = normalizeHost(hostHeader);
            // an IP literal cannot be a rebound name: the browser was pointed at that address itself
            return LOOPBACK.contains(name) || name.endsWith(".localhost") || isIpLiteral(name)
                    || hostNames.contains(name);
        }

        /** Same origin as the request ({@code scheme://Host}) or explicitly allowed. */
        boolean allowsOrigin(String origin, HttpServerRequest request) {
            String normalized = normalizeOrigin(origin);
            String host = hostHeader(request);
            if (host != null && normalized.equals((request.isSSL() ? "https://" : "http://") + host.toLowerCase(Locale.ROOT))) {
                return true;
            }
            return origins.contains(normalized);
        }

        static boolean isIpLiteral(String name) {
            return name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.matches("\\[[0-9a-f:.]+]");
        }

        /**
         * Loopback plus the names the config points browsers and webhooks at: {@code publicUrl},
         * {@code allowedHosts}, the hosts of {@code allowedOrigins} and of the Telegram webhook URLs.
         */
        public static HostAllowlist of(io.pigateway.config.GatewayConfig config) {
            var gateway = config.gateway();
            java.util.List<String> names = new java.util.ArrayList<>(gateway.allowedHosts());
            java.util.List<String> origins = new java.util.ArrayList<>(gateway.allowedOrigins());
            java.util.List<String> urls = new java.util.ArrayList<>(gateway.allowedOrigins());
            urls.add(gateway.publicUrl());
            var telegram = config.channels().telegram();
            urls.add(telegram.webhookUrl());
            telegram.accounts().values().forEach(account -> urls.add(account.webhookUrl()));
            urls.stream().map(HostAllowlist::hostOf).filter(java.util.Objects::nonNull).forEach(names::add);
            String publicOrigin = originOf(gateway.publicUrl());
            if (publicOrigin != null) {
                origins.add(publicOrigin);
            }
            return new HostAllowlist(Set.copyOf(names), Set.copyOf(origins));
        }

        /** Only loopback names and IP literals (tests, tools). */
        public static HostAllowlist loopbackOnly() {
            return new HostAllowlist(Set.of(), Set.of());
        }

        /** {@code Example.COM:8080} → {@code example.com}; {@code [::1]:80} → {@code [::1]}. */
        static String normalizeHost(String host) {
            String h = host.trim().toLowerCase(Locale.ROOT);
            if (h.startsWith("[")) {
                int end = h.indexOf(']');
                return end > 0 ? h.substring(0, end + 1) : h;
            }
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                h = h.substring(0, colon);
            } else if (colon >= 0) {
                h = "[" + h + "]"; // a bare IPv6 literal from the config
            }
            return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        }

        static String normalizeOrigin(String origin) {
            String o = origin.trim().toLowerCase(Locale.ROOT);
            return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
        }

        /** The host of an absolute URL or origin ({@code https://gw.example.com/x} → {@code gw.example.com}), or null. */
        public static String hostOf(String url) {
            if (url == null || url.isBlank()) {
                return null;
            }
            try {
                String host = java.net.URI.create(url.trim()).getHost();
                return host == null ? null : normalizeHost(host);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The origin of an absolute URL ({@code https://gw.example.com/x} → {@code https://gw.example.com}), or null. */
        public static String originOf(String url) {
            if (url == null || url.isBlank()) {
                return null;
            }
            try {
                java.net.URI uri = java.net.URI.create(url.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return null;
                }
                return (uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""))
                        .toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
