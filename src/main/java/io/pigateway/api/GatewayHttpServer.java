package io.pigateway.api;

import io.pigateway.config.GatewayConfig.HttpLimits;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The one HTTP server of the gateway: Camel's platform-http server (so {@code platform-http:}
 * routes, Java and YAML, work as usual) with two differences. Our own Vert.x handlers (auth
 * gate, WebSocket, page, SSE) are mounted on the router <em>before</em> the port is opened, so
 * there is no moment where a request meets the router without them; and WebSocket frames may be
 * larger than Vert.x's 64 KiB default, so an oversized chat frame gets an error answer instead of
 * a dropped connection.
 */
public final class GatewayHttpServer extends VertxPlatformHttpServer {
    /** Hard transport limit; the protocol's own limit (1 MiB) is enforced with an error frame. */
    static final int MAX_WEBSOCKET_BYTES = 8 * 1024 * 1024;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final Consumer<? super VertxPlatformHttpRouter> mount;
    private HttpServer server;
    private HttpLimits limits = HttpLimits.defaults();

    public GatewayHttpServer(VertxPlatformHttpServerConfiguration configuration,
                             Consumer<? super VertxPlatformHttpRouter> mount) {
        super(configuration);
        this.configuration = configuration;
        this.mount = mount;
    }

    /** Idle timeout and per-client connection cap ({@code gateway.http}); call before start. */
    public GatewayHttpServer withLimits(HttpLimits httpLimits) {
        this.limits = httpLimits;
        return this;
    }

    public static VertxPlatformHttpServerConfiguration configuration(String host, int port) {
        VertxPlatformHttpServerConfiguration c = new VertxPlatformHttpServerConfiguration();
        c.setBindHost(host);
        c.setBindPort(port);
        c.setMaxBodySize(2L * 1024 * 1024);
        return c;
    }

    @Override
    protected void startServer() throws Exception {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getBindPort()));
        mount.accept(router);
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_BYTES)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_BYTES)
                .setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                // no h2c sniffing: Vert.x then builds the HTTP/1 connection (and calls the
                // connection handler) at accept, not after the first bytes
                .setHttp2ClearTextEnabled(false)
                // no WebSocket compression: its Netty handler sits in every HTTP connection's pipeline
                // and wraps every request and response, for answers that are small text deltas
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        ConnectionGuard guard = new ConnectionGuard(getVertx(), limits);
        server = getVertx().createHttpServer(options).connectionHandler(guard::onConnection)
                .requestHandler(guard.wrap(router))
                .listen(configuration.getBindPort(), configuration.getBindHost())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = null;
        }
        super.doStop();
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        return server != null ? server.actualPort() : configuration.getBindPort();
    }
}
