package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.app.GatewayRuntime;
import io.pigateway.config.ConfigLoader;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Rotating the stored gateway token and hooks token of a running gateway ({@code POST /api/auth/rotate}):
 * the new token works at once, the old one during the grace only; a WebChat connection signed in
 * with the old token is signed out when the grace ends and its reconnect is asked to sign in with the
 * new token; the hooks wake-up refuses the old hooks token after its grace. Nothing logs a secret.
 */
class TokenRotationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oldTokensWorkDuringTheGraceThenWebChatIsAskedToSignInAgain(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             GatewayRuntime gw = start(pi, dir)) {
            Path data = dir.resolve("data");
            String oldToken = Files.readString(data.resolve("gateway-token")).trim();
            String oldHooks = Files.readString(data.resolve("hooks-token")).trim();
            assertThat(oldHooks).isNotEqualTo(oldToken).hasSizeGreaterThanOrEqualTo(32);
            WsTestClient page = WsTestClient.open(gw.baseUrl(), Map.of());
            assertThat(page.request("connect", Map.of("token", oldToken)).path("ok").asBoolean()).isTrue();

            HttpResponse<String> rotated = post(gw, "/api/auth/rotate", oldToken, "{\"graceMs\":2000}");

            assertThat(rotated.statusCode()).isEqualTo(200);
            String newToken = JSON.readTree(rotated.body()).path("token").asText();
            assertThat(newToken).isNotEqualTo(oldToken).isEqualTo(Files.readString(data.resolve("gateway-token")).trim());
            assertThat(get(gw, "/api/sessions", newToken).statusCode()).isEqualTo(200);
            assertThat(get(gw, "/api/sessions", oldToken).statusCode()).isEqualTo(200); // within the grace
            assertThat(page.request("session.list", Map.of()).path("ok").asBoolean()).isTrue();

            // the grace ends: the old token is refused and the page signed in with it is signed out
            await().atMost(WAIT).until(page::isClosed);
            assertThat(page.frames()).anySatisfy(f -> {
                assertThat(f.path("event").asText()).isEqualTo("auth.expired");
                assertThat(f.path("payload").path("message").asText())
                        .isEqualTo("The gateway token was changed; please sign in with the new token.");
            });
            assertThat(get(gw, "/api/sessions", oldToken).statusCode()).isEqualTo(401);
            try (WsTestClient reconnect = WsTestClient.open(gw.baseUrl(), Map.of())) {
                JsonNode refused = reconnect.request("connect", Map.of("token", oldToken));
                assertThat(refused.path("ok").asBoolean()).isFalse();
                assertThat(refused.path("error").path("message").asText())
                        .isEqualTo("The gateway token was changed; please sign in with the new token.");
            }
            try (WsTestClient signedIn = WsTestClient.open(gw.baseUrl(), Map.of())) {
                assertThat(signedIn.request("connect", Map.of("token", newToken)).path("ok").asBoolean()).isTrue();
            }

            HttpResponse<String> hooks = post(gw, "/api/auth/rotate", newToken, "{\"graceMs\":1000,\"which\":\"hooks\"}");
            assertThat(hooks.statusCode()).isEqualTo(200);
            String newHooks = JSON.readTree(hooks.body()).path("token").asText();
            assertThat(JSON.readTree(hooks.body()).path("which").asText()).isEqualTo("hooks");
            assertThat(newHooks).isEqualTo(Files.readString(data.resolve("hooks-token")).trim());
            assertThat(wake(gw, oldHooks).statusCode()).isEqualTo(202); // within the grace
            await().atMost(WAIT).until(() -> wake(gw, oldHooks).statusCode() == 401);
            assertThat(wake(gw, oldHooks).body()).contains("the hooks token was rotated");
            assertThat(wake(gw, newHooks).statusCode()).isEqualTo(202);
            assertThat(wake(gw, newToken).statusCode()).isEqualTo(401); // the gateway token is not the hooks token

            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("hooks token rotated"))
                    .allSatisfy(line -> assertThat(line).doesNotContain(oldToken, newToken, oldHooks, newHooks));
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void aConfiguredHooksTokenIsNotRotatedHere(@TempDir Path dir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 1,
                     "\"hooks\": { \"enabled\": true, \"token\": \"hooks-0123456789abcdef0123456789abcdef\" }")) {
            HttpResponse<String> refused = gw.post("/api/auth/rotate", "{\"which\":\"hooks\"}");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("token_from_config", "hooks.token");
            assertThat(gw.post("/api/auth/rotate", "{\"which\":\"webchat\"}").statusCode()).isEqualTo(400);
        }
    }

    /** A gateway whose tokens are stored (not configured), so they can rotate; WebSockets checked each second. */
    static GatewayRuntime start(PiTestRuntime pi, Path dir) throws Exception {
        String jsonc = """
                { "gateway": { "port": %d, "dataDir": "%s", "http": { "wsPingSeconds": 1 } },
                  "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                             "runtime": { "agentDir": "%s" }, "pool": { "min": 0, "max": 1 } },
                  "hooks": { "enabled": true } }
                """.formatted(TestGateway.freePort(), dir.resolve("data"), pi.piCli(), pi.workDir(), pi.agentDir());
        return new GatewayRuntime(ConfigLoader.parseLoaded(jsonc, Map.of()), 0,
                new PrintStream(java.io.OutputStream.nullOutputStream())).start();
    }

    private HttpResponse<String> post(GatewayRuntime gw, String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(GatewayRuntime gw, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> wake(GatewayRuntime gw, String hooksToken) throws Exception {
        return post(gw, "/hooks/wake", hooksToken, "{\"text\":\"wake up\",\"sessionKey\":\"agent:main:hooks:rot\"}");
    }
}
