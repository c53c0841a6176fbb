package io.pigateway.api;


import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Mounts the gateway's own Vert.x handlers, in order, on the platform-http router before the
 * port opens (see {@link GatewayHttpServer}): the drive-by guard ({@link RequestGuard}) first, the auth gate, then sign-in, the WebSocket,
 * the chat API and its SSE stream, and the page. Camel's platform-http routes come after these.
 */
public final class FrontDoor implements Consumer<Router> {
    private final GatewayAccess access;
    private final ControlPlane control;
    private final WsMethods methods;
    private final Set<String> publicPaths;
    private final List<String> allowedOrigins;
    private PublicPage page;
    private final java.util.function.LongSupplier turnTimeoutMs;
    private Consumer<Router> extraHandlers = router -> { };
    private String tokenHint;
    private ErrorShapes errorShapes = new ErrorShapes();
    private RequestGuard.HostAllowlist hosts = RequestGuard.HostAllowlist.loopbackOnly();
    private java.time.Duration wsPing = java.time.Duration.ofSeconds(30);

    public FrontDoor(GatewayAccess access, ControlPlane control, WsMethods methods, Set<String> publicPaths,
                     List<String> allowedOrigins, java.util.function.LongSupplier turnTimeoutMs) {
        this.access = access;
        this.control = control;
        this.methods = methods;
        this.publicPaths = publicPaths;
        this.allowedOrigins = allowedOrigins;
        this.turnTimeoutMs = turnTimeoutMs;
    }

    /** A page served at {@code /} without sign-in (WebChat); call before start. */
    public FrontDoor withPage(PublicPage page) {
        this.page = page;
        return this;
    }

    /** The host names and origins besides loopback that the listener accepts; call before start. */
    public FrontDoor withHosts(RequestGuard.HostAllowlist allowed) {
        this.hosts = allowed;
        return this;
    }

    /** How often the server pings each WebSocket; one without a pong by the next ping is closed. */
    public FrontDoor withWsPing(java.time.Duration interval) {
        this.wsPing = interval;
        return this;
    }

    /** More handlers mounted right after the gate (e.g. the agent tool endpoints); call before start. */
    public FrontDoor withHandlers(Consumer<Router> more) {
        this.extraHandlers = more;
        return this;
    }

    /** How errors look under path prefixes that imitate another API (see {@link ErrorShapes}); call before start. */
    public FrontDoor withErrorShapes(ErrorShapes shapes) {
        this.errorShapes = shapes;
        return this;
    }

    /** Where the sign-in page tells the user to find the token (e.g. "in ~/.pi/gateway/gateway-token"). */
    public FrontDoor withTokenHint(String hint) {
        this.tokenHint = hint;
        return this;
    }

    private List<String> allOrigins() {
        List<String> all = new java.util.ArrayList<>(allowedOrigins);
        all.addAll(hosts.origins());
        return all;
    }

    @Override
    public void accept(Router router) {
        // the API answers JSON everywhere, also where no route matched (instead of Vert.x's HTML page)
        router.errorHandler(404, rc -> errorShapes.forPath(rc.request().path()).write(rc, 404, "not_found",
                "no such endpoint: " + rc.request().method() + " " + rc.request().path() + " (see the README's HTTP API)"));
        router.errorHandler(405, rc -> errorShapes.forPath(rc.request().path()).write(rc, 405, "method_not_allowed",
                rc.request().method() + " is not allowed on " + rc.request().path()));
        router.route().handler(new RequestGuard(hosts));
        router.route().handler(new HttpGate(access, publicPaths, page, errorShapes));
        router.route().handler(RequestGuard.jsonBodies());
        extraHandlers.accept(router);
        new AuthEndpoints(access, tokenHint).mount(router);
        router.get(HttpGate.WsEndpointPath.PATH).handler(new WsEndpoint(access, allOrigins(), methods, wsPing));
        new ChatApi(control, turnTimeoutMs).mount(router);
        new ChatStream(control).mount(router);
        if (page != null) {
            router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(page);
        }
    }
}
