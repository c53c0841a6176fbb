package io.pigateway.api;

import io.pigateway.config.GatewayConfig.HttpLimits;
import io.pigateway.security.ClientKeys;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport limit Vert.x has no option for: one client address (IPv6: its /64) may hold at most
 * {@code maxConnectionsPerClient} connections; the next one is closed at once. Idle connections are
 * closed by Vert.x's own idle timeout. Needs h2c sniffing off, so that Vert.x reports a connection
 * when it is accepted rather than after its first bytes.
 */
final class ConnectionGuard {
    private final HttpLimits limits;
    private final ClientKeys keys = ClientKeys.direct();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    ConnectionGuard(HttpLimits limits) {
        this.limits = limits;
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
            if (count.decrementAndGet() <= 0) {
                open.remove(client, count);
            }
        });
    }
}
