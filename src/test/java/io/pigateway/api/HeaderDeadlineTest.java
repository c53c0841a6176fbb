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
class HeaderDeadlineTest {
    static FakeLlmServer llm;
    static PiTestRuntime pi;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("deadline");
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
        gw = TestGateway.start(pi, dir, 0, 1, """
                "http": { "idleTimeoutSeconds": 30, "headerTimeoutMs": 2000 },
                """, "", "");
    }

    @AfterAll
    static void stop() {
        gw.close();
        pi.close();
        llm.close();
    }

    @Test
    void aTricklingRequestHeadIsClosedAtTheHeaderDeadline() throws Exception {
        try (Socket socket = connect()) {
            byte[] head = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(100)).getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            boolean closed = false;
            socket.setSoTimeout(400);
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    socket.getOutputStream().write(head[i]); // one byte per ~400 ms keeps the idle timeout away
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read yet
                } catch (IOException reset) {
                    closed = true;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(closed).isTrue();
            assertThat(took).isBetween(Duration.ofMillis(1800), Duration.ofSeconds(8));
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
