package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idle timeout, header deadline, per-client connection cap and WebSocket pings, with short limits. */
class ConnectionLimitsTest {
    static FakeLlmServer llm;
    static PiTestRuntime pi;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("limits");
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
        gw = TestGateway.start(pi, dir, 0, 1, """
                "http": { "idleTimeoutSeconds": 2, "maxConnectionsPerClient": 3, "wsPingSeconds": 1 },
                """, "", "");
    }

    @AfterAll
    static void stop() {
        gw.close();
        pi.close();
        llm.close();
    }

    @Test
    void aSilentConnectionIsClosedByTheIdleTimeout() throws IOException {
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2800));
        }
    }

    @Test
    void theConnectionAfterTheCapFromOneAddressIsRefused() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(connect());
            }
            try (Socket extra = connect()) {
                assertThat(extra.getInputStream().read()).isEqualTo(-1);
            }
            Socket first = held.get(0);
            first.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(first.getInputStream())).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void webSocketPingsKeepAnAnsweringClientOpenPastTheIdleTimeout() {
        HttpClient http = HttpClient.newHttpClient();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + TestGateway.TOKEN)
                .buildAsync(URI.create(gw.runtime().baseUrl().replace("http", "ws") + "/ws"), new WebSocket.Listener() { })
                .join();
        try {
            // java.net.http answers pings; the idle timeout (2 s) would have closed a silent connection
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !ws.isInputClosed());
        } finally {
            ws.abort();
        }
    }

    @Test
    void aWebSocketThatNeverPongsIsClosed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + TestGateway.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(statusLine(in)).startsWith("HTTP/1.1 101");
            int pings = 0;
            int b;
            while ((b = in.read()) != -1) {
                pings += b == 0x89 ? 1 : 0; // FIN + ping opcode
            }
            assertThat(pings).isGreaterThanOrEqualTo(1);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gw.runtime().port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
