package io.pigateway.api;

import io.pigateway.api.GatewayAccess.Decision;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket upgrade at {@code /ws}: checks {@code Origin} (same origin or
 * {@code gateway.allowedOrigins}; clients that send none, i.e. not browsers, pass), then the
 * credential on the upgrade (Bearer header or sign-in cookie). Without one, token mode still
 * upgrades but the connection must send {@code connect {token}} first; password mode refuses.
 */
public final class WsEndpoint implements Handler<RoutingContext> {
    private final GatewayAccess access;
    private final List<String> allowedOrigins;
    private final WsMethods methods;
    private final java.time.Duration ping;

    public WsEndpoint(GatewayAccess access, List<String> allowedOrigins, WsMethods methods) {
        this(access, allowedOrigins, methods, java.time.Duration.ofSeconds(30));
    }

    public WsEndpoint(GatewayAccess access, List<String> allowedOrigins, WsMethods methods, java.time.Duration ping) {
        this.ping = ping;
        this.access = access;
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.methods = methods;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            VertxJson.error(rc, 400, "bad_request", "this endpoint speaks WebSocket only");
            return;
        }
        if (!originAllowed(request)) {
            VertxJson.error(rc, 403, "forbidden_origin", "this origin may not open the gateway's WebSocket");
            return;
        }
        String client = access.client(request);
        boolean authenticated;
        long generation = access.web().generationOf(AuthPolicy.bearer(request.getHeader("Authorization")));
        if (access.web().isOff()) {
            authenticated = true;
        } else {
            Verdict verdict = access.web().check(request.getHeader("Authorization"), request.getHeader("Cookie"));
            Decision decision = verdict == Verdict.MISSING ? null : access.decide(verdict, client);
            if (decision == Decision.TOO_MANY) {
                VertxJson.tooMany(rc, access.limiter().retryAfterSeconds(client));
                return;
            }
            if (decision == Decision.UNAUTHORIZED
                    || (decision == null && !"token".equals(access.web().mode()))) {
                VertxJson.unauthorized(rc);
                return;
            }
            authenticated = decision == Decision.ALLOW;
        }
        request.toWebSocket().onSuccess(ws -> {
                    WsConnection connection = new WsConnection(ws, client, authenticated, generation, access, methods);
                    connection.start();
                    WsKeepAlive.start(ws, rc.vertx(), ping, connection);
                })
                .onFailure(e -> {
                    if (!rc.response().ended()) {
                        VertxJson.error(rc, 400, "bad_request", "WebSocket handshake failed");
                    }
                });
    }

    private boolean originAllowed(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String normalized = origin.toLowerCase(Locale.ROOT);
        String host = request.getHeader("Host");
        if (host != null) {
            String scheme = request.isSSL() ? "https://" : "http://";
            if (normalized.equals(scheme + host.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return allowedOrigins.contains(normalized);
    }
}
