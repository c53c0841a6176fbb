package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a web page in the operator's browser could make the browser send to a real gateway on
 * 127.0.0.1: a rebound host name, a cross-site form, a cross-site fetch. All refused; curl-style
 * requests (no Origin) and the page's own same-origin requests pass.
 */
class DriveByRequestTest {
    static FakeLlmServer llm;
    static PiTestRuntime pi;
    static TestGateway gw;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("driveby");
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
        gw = TestGateway.start(pi, dir, 0, 1,
                "\"allowedHosts\": [\"gw.lan\"], \"allowedOrigins\": [\"https://app.example\"],", "", "");
    }

    @AfterAll
    static void stop() {
        gw.close();
        pi.close();
        llm.close();
    }

    @Test
    void aReboundHostNameIsRefusedOnEveryPath() throws IOException {
        assertThat(rawStatus("GET /health", "evil.example:" + gw.runtime().port(), "")).isEqualTo(421);
        assertThat(rawStatus("GET /api/sessions", "evil.example", "Authorization: Bearer " + TestGateway.TOKEN + "\r\n"))
                .isEqualTo(421);
        assertThat(rawStatus("GET /ws", "evil.example", "Upgrade: websocket\r\nConnection: Upgrade\r\n")).isEqualTo(421);
        assertThat(rawStatus("GET /health", "localhost:" + gw.runtime().port(), "")).isEqualTo(200);
        assertThat(rawStatus("GET /health", "127.0.0.1", "")).isEqualTo(200);
        assertThat(rawStatus("GET /health", "[::1]:" + gw.runtime().port(), "")).isEqualTo(200);
        assertThat(rawStatus("GET /health", "GW.lan", "")).isEqualTo(200); // gateway.allowedHosts
        assertThat(rawStatus("GET /health", "app.example", "")).isEqualTo(200); // host of an allowed origin
    }

    @Test
    void aCrossSiteFormBodyIsRefused() {
        HttpResponse<String> form = post("/api/cron/jobs/x/run", "text/plain", null, true);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("Content-Type: application/json");
        assertThat(post("/api/cron/jobs/x/run", "application/x-www-form-urlencoded", null, true).statusCode())
                .isEqualTo(415);
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheToken() {
        HttpResponse<String> foreign = post("/api/cron/jobs/x/run", "application/json", "https://evil.example", true);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("forbidden_origin");
        HttpResponse<String> crossSite = gw.send(request("/api/cron/jobs/x/run", "application/json", null, true)
                .header("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(post("/api/cron/jobs/x/run", "application/json", "null", true).statusCode()).isEqualTo(403);
    }

    @Test
    void sameOriginAllowedOriginAndNoOriginPassWithTheToken() {
        String self = gw.runtime().baseUrl();
        // the endpoint's own answer (404 "no cron job x") shows the request got past the guard
        assertThat(post("/api/cron/jobs/x/run", "application/json", self, true).body()).contains("no cron job x");
        assertThat(post("/api/cron/jobs/x/run", "application/json; charset=utf-8", null, true).body())
                .contains("no cron job x");
        assertThat(post("/api/cron/jobs/x/run", "application/json", "https://app.example", true).body())
                .contains("no cron job x");
        assertThat(post("/api/cron/jobs/x/run", "application/json", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void aCookieOnlyStateChangeMustShowItsOrigin() {
        HttpResponse<String> noOrigin = gw.send(request("/api/logout", "application/json", null, false)
                .header("Cookie", "pigw_session=abc"));
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        HttpResponse<String> sameOrigin = gw.send(request("/api/logout", "application/json", gw.runtime().baseUrl(), false)
                .header("Cookie", "pigw_session=abc"));
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        HttpResponse<String> fetchSite = gw.send(request("/api/logout", "application/json", null, false)
                .header("Cookie", "pigw_session=abc").header("Sec-Fetch-Site", "same-origin"));
        assertThat(fetchSite.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String path, String type, String origin, boolean token) {
        return gw.send(request(path, type, origin, token));
    }

    private static HttpRequest.Builder request(String path, String type, String origin, boolean token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token) {
            b.header("Authorization", "Bearer " + TestGateway.TOKEN);
        }
        return b;
    }

    /** java.net.http will not send a foreign Host header, so speak HTTP/1.1 by hand. */
    static int rawStatus(String requestLine, String host, String headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gw.runtime().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.write(c);
            }
            String status = line.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
