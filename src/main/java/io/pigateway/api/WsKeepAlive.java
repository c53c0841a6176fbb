package io.pigateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server pings on every WebSocket: the traffic keeps a live connection clear of the idle
 * timeout, and a peer that has not answered the previous ping by the next one (gone without a
 * close, e.g. a laptop lid shut) is closed, so half-open connections do not pile up. Each tick also
 * signs out a client whose token was rotated out meanwhile.
 */
final class WsKeepAlive {
    private WsKeepAlive() {
    }

    static void start(ServerWebSocket ws, Vertx vertx, Duration interval, WsConnection connection) {
        AtomicBoolean answered = new AtomicBoolean(true);
        ws.pongHandler(pong -> answered.set(true));
        // (the close handler belongs to WsConnection: the timer notices the close itself)
        vertx.setPeriodic(Math.max(1, interval.toMillis()), t -> {
            if (ws.isClosed()) {
                vertx.cancelTimer(t);
                return;
            }
            if (!connection.stillSignedIn()) {
                vertx.cancelTimer(t);
                connection.signOut();
                return;
            }
            if (!answered.getAndSet(false)) {
                vertx.cancelTimer(t);
                ws.close((short) 1001, "no pong");
                return;
            }
            ws.writePing(Buffer.buffer("k"));
        });
    }
}
