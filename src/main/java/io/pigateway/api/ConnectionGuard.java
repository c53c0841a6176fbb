package io.pigateway.api;

import io.pigateway.config.GatewayConfig.HttpLimits;
import io.pigateway.security.ClientKeys;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transport limits Vert.x has no option for: one client address (IPv6: its /64) may hold at most
 * {@code maxConnectionsPerClient} connections (the next one is closed at once), and a request head
 * must arrive within {@code headerTimeoutMs} of the connection opening or the previous response
 * ending, so a client trickling bytes (slowloris) cannot hold a connection. Idle connections are
 * closed by Vert.x's own idle timeout. Needs h2c sniffing off, so that Vert.x reports a connection
 * when it is accepted rather than after its first bytes.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final ClientKeys keys = ClientKeys.direct();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** Per connection: the timer waiting for the next request head (absent while a request runs). */
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** Wraps the router: a request head arrived, so the deadline is off until its response ends. */
    Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> next) {
        return request -> {
            HttpConnection connection = request.connection();
            cancel(connection);
            if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                request.response().endHandler(v -> arm(connection));
            }
            next.handle(request);
        };
    }

    private void arm(HttpConnection connection) {
        long timer = vertx.setTimer(limits.headerTimeoutMs(), t -> {
            if (waiting.remove(connection) != null) {
                connection.close();
            }
        });
        Long previous = waiting.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void cancel(HttpConnection connection) {
        Long timer = waiting.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** For {@code HttpServer.connectionHandler}. */
    void onConnection(HttpConnection connection) {
        String client = keys.key(connection.remoteAddress() != null ? connection.remoteAddress().hostAddress() : null, null);
        AtomicInteger count = open.computeIfAbsent(client, k -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxConnectionsPerClient()) {
            count.decrementAndGet();
            connection.close();
            return;
        }
        connection.closeHandler(v -> {
            cancel(connection);
            if (count.decrementAndGet() <= 0) {
                open.remove(client, count);
            }
        });
        arm(connection);
    }
}
