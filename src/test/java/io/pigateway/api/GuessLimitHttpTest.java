package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failed-attempt limiter on a real gateway: wrong tokens are throttled on every door
 * (API, {@code GET /api/auth}, the hooks wake-up), and the right token is never refused.
 */
class GuessLimitHttpTest {
    static final String HOOKS_TOKEN = "hooks-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void tenWrongTokensThenTheRightOneIsAnswered() throws Exception {
        String extra = "\"hooks\": { \"enabled\": true, \"token\": \"" + HOOKS_TOKEN + "\" }";
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir, 0, 1, extra)) {
            // GET /api/auth is no free token oracle: wrong bearers count there too
            for (int i = 0; i < 5; i++) {
                assertThat(get(gw, "/api/auth", "Bearer wrong-" + i).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 4; i++) {
                assertThat(get(gw, "/api/sessions", "Bearer wrong-" + i).statusCode()).isEqualTo(401);
            }
            // the tenth wrong one (on the hooks door) blocks this client's wrong credentials
            assertThat(wake(gw, "Bearer wrong").statusCode()).isEqualTo(429);
            HttpResponse<String> blocked = get(gw, "/api/sessions", "Bearer wrong-again");
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(gw, "/api/auth", "Bearer wrong-again").statusCode()).isEqualTo(429);
            assertThat(wake(gw, "Bearer nope").statusCode()).isEqualTo(429);

            // ...while the right credentials keep working
            assertThat(get(gw, "/api/sessions", "Bearer " + TestGateway.TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(gw, "/api/auth", "Bearer " + TestGateway.TOKEN).body()).contains("\"authenticated\":true");
            assertThat(wake(gw, "Bearer " + HOOKS_TOKEN).statusCode()).isEqualTo(202);
            // no credential at all is not a guess: plain 401
            assertThat(get(gw, "/api/sessions", null).statusCode()).isEqualTo(401);
        }
    }

    private static HttpResponse<String> get(TestGateway gw, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return gw.send(b);
    }

    private static HttpResponse<String> wake(TestGateway gw, String authorization) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.url("/hooks/wake"))).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"wake up\",\"sessionKey\":\"agent:main:hooks:g\"}")));
    }
}
