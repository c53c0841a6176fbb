package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.TestGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 idle WebSocket connections and 200 slow-loris clients (a request head trickling in a byte
 * at a time) held open against one gateway: it keeps answering {@code /health} and Telegram chats,
 * and closes the slow-loris connections at its header deadline.
 */
class ConnectionFloodChaosIT {
    private static final int SOCKETS = 1_000;
    private static final int LORIS = 200;

    @TempDir
    Path dir;

    @Test
    void idleWebSocketsAndSlowLorisClientsDoNotStopTheGatewayAnswering() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 100)) {
            // one client address for everything here: lift the per-client cap (64) that would refuse them first
            try (GatewayJvm gw = rig.start("gateway.log", 2,
                    ", \"http\": { \"maxConnectionsPerClient\": 2000, \"headerTimeoutMs\": 5000 }")) {
                HttpClient client = HttpClient.newHttpClient();
                List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
                for (int i = 0; i < SOCKETS; i++) {
                    opening.add(client.newWebSocketBuilder().header("Authorization", "Bearer " + TestGateway.TOKEN)
                            .buildAsync(URI.create(gw.baseUrl().replace("http", "ws") + "/ws"),
                                    new WebSocket.Listener() { }));
                }
                List<WebSocket> sockets = new ArrayList<>();
                for (CompletableFuture<WebSocket> f : opening) {
                    sockets.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
                List<Socket> loris = new ArrayList<>();
                for (int i = 0; i < LORIS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5_000);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    loris.add(s);
                }
                long t0 = System.nanoTime();
                List<Long> healthMs = new ArrayList<>();
                ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 4, 4);
                ChaosRig.drive(load, () -> {
                    trickle(loris);
                    long h0 = System.nanoTime();
                    assertThat(gw.status("/health")).isEqualTo(200);
                    healthMs.add((System.nanoTime() - h0) / 1_000_000);
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    trickle(loris);
                    return loris.stream().allMatch(Socket::isClosed);
                });
                long lorisClosed = System.nanoTime() - t0;
                long openSockets = sockets.stream().filter(w -> !w.isInputClosed()).count();
                List<Long> sorted = healthMs.stream().sorted().toList();
                ChatLoad.Figures f = load.figures();
                ChaosRig.report(SOCKETS + " idle WebSockets + " + LORIS + " slow-loris clients (4 chats × 4 messages meanwhile)",
                        f + "; /health p50 " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1)
                                + " ms over " + sorted.size() + " probes; " + openSockets + " WebSockets still open; all "
                                + LORIS + " slow-loris connections closed by the gateway within "
                                + ChaosRig.seconds(lorisClosed) + " (header deadline 5 s)");

                assertThat(f.answered()).isEqualTo(f.sent());
                assertThat(openSockets).isEqualTo(SOCKETS);
                sockets.forEach(WebSocket::abort);
            }
        }
    }

    /** One more header byte per slow client; a write that fails means the gateway closed it. */
    private static void trickle(List<Socket> loris) {
        for (Socket s : loris) {
            if (s.isClosed()) {
                continue;
            }
            try {
                OutputStream out = s.getOutputStream();
                out.write('a');
                out.flush();
                if (s.getInputStream().available() > 0 || peerClosed(s)) {
                    s.close();
                }
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    /** Whether the gateway closed the connection (a read sees end of stream at once). */
    private static boolean peerClosed(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
