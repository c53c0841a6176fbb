package io.pigateway.api;


import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The first handler for every request: lets public paths through, leaves {@code /ws} to the
 * WebSocket endpoint (which authenticates itself), and demands the API credential for the rest.
 * Default deny: a route added later (Java or YAML) is protected without remembering to be.
 */
public final class HttpGate implements Handler<RoutingContext> {
    private final GatewayAccess access;
    private final Set<String> publicPaths;
    private final PublicPage page;
    private final ErrorShapes shapes;

    public HttpGate(GatewayAccess access, Set<String> publicPaths, PublicPage page) {
        this(access, publicPaths, page, new ErrorShapes());
    }

    /**
     * @param page        a page served without sign-in (reads only), or null
     * @param publicPaths exact paths without gateway auth (health, sign-in, and endpoints that check
     *                    a secret of their own, like the hooks wake-up)
     * @param shapes      how a refusal looks under each path (OpenAI's error shape under /v1/)
     */
    public HttpGate(GatewayAccess access, Set<String> publicPaths, PublicPage page, ErrorShapes shapes) {
        this.shapes = shapes;
        this.access = access;
        this.publicPaths = publicPaths; // a live view: a webhook added by a config reload is public at once
        this.page = page;
    }

    /** Set on every request (overwriting anything a client sent) so Camel routes can key the limiter too. */
    public static final String CLIENT_HEADER = "X-Pi-Gateway-Client";

    @Override
    public void handle(RoutingContext rc) {
        rc.request().headers().set(CLIENT_HEADER, access.client(rc.request()));
        String path = rc.normalizedPath();
        if (publicPaths.contains(path) || WsEndpointPath.PATH.equals(path)
                || (page != null && page.serves(path) && isRead(rc))) {
            rc.next();
            return;
        }
        switch (access.decide(access.api(), rc.request())) {
            case ALLOW -> rc.next();
            case TOO_MANY -> VertxJson.tooMany(rc, access.limiter().retryAfterSeconds(access.client(rc.request())),
                    shapes.forPath(path));
            default -> VertxJson.unauthorized(rc, shapes.forPath(path));
        }
    }

    private static boolean isRead(RoutingContext rc) {
        String method = rc.request().method().name();
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** Where the WebSocket endpoint lives (kept here so the gate and the endpoint agree). */
    static final class WsEndpointPath {
        static final String PATH = "/ws";

        private WsEndpointPath() {
        }
    }
}
