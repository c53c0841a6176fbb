package io.pigateway.api;

import static io.pigateway.api.ControlPlaneApiTest.handshakeStatus;
import static io.pigateway.api.ControlPlaneApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebChat in password mode (overriding the API's token mode): sign-in cookie, upgrade, guess limit. */
class PasswordModeTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void passwordSignInCookieWebSocketAndGuessLimit() throws Exception {
        String extra = """
                "channels": { "webchat": { "auth": { "mode": "password", "password": "%s" } } }
                """.formatted(PASSWORD);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir, 0, 1, extra)) {
            assertThat(json(gw.get("/api/auth", false)).path("mode").asText()).isEqualTo("password");
            assertThat(json(gw.get("/api/auth", false)).path("authenticated").asBoolean()).isFalse();
            assertThat(handshakeStatus(gw, Map.of())).isEqualTo(401);
            assertThat(login(gw, "{\"password\":").statusCode()).isEqualTo(400);
            assertThat(login(gw, "{\"password\":\"wrong\"}").statusCode()).isEqualTo(401);

            HttpResponse<String> ok = login(gw, "{\"password\":\"" + PASSWORD + "\"}");
            assertThat(ok.statusCode()).isEqualTo(200);
            String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "pigw_session=");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertThat(json(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/auth"))).header("Cookie", cookie)))
                    .path("authenticated").asBoolean()).isTrue();
            try (WsTestClient ws = WsTestClient.open(gw.runtime().baseUrl(), Map.of("Cookie", cookie))) {
                assertThat(ws.request("connect", Map.of()).path("ok").asBoolean()).isTrue();
                assertThat(ws.request("session.list", Map.of()).path("ok").asBoolean()).isTrue();
            }
            // the API keeps token mode: the page's cookie does not open it
            assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/sessions"))).header("Cookie", cookie))
                    .statusCode()).isEqualTo(401);

            // a stale cookie is not a guess: it never counts towards the limit
            for (int i = 0; i < 12; i++) {
                assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/auth"))).header("Cookie", "pigw_session=stale"))
                        .statusCode()).isEqualTo(200);
            }
            // 10 wrong passwords in a minute: wrong ones get 429 with Retry-After, the right one still signs in
            int status = 0;
            for (int i = 0; i < 10; i++) {
                status = login(gw, "{\"password\":\"guess " + i + "\"}").statusCode();
            }
            assertThat(status).isEqualTo(429);
            HttpResponse<String> blocked = login(gw, "{\"password\":\"guess again\"}");
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
            assertThat(login(gw, "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(200);
            // X-Forwarded-For does not make the client someone else (no gateway.trustedProxies)
            HttpResponse<String> forwarded = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/login")))
                    .header("X-Forwarded-For", "203.0.113.9").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"still wrong\"}")));
            assertThat(forwarded.statusCode()).isEqualTo(429);
            assertThat(gw.get("/api/sessions", true).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void behindAnHttpsPublicUrlTheCookieIsSecureAndHostPrefixed() throws Exception {
        String extra = """
                "channels": { "webchat": { "auth": { "mode": "password", "password": "%s" } } }
                """.formatted(PASSWORD);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir, 0, 1, "\"publicUrl\": \"https://gw.example.com/\",", "", extra)) {
            HttpResponse<String> ok = login(gw, "{\"password\":\"" + PASSWORD + "\"}");
            assertThat(ok.statusCode()).isEqualTo(200);
            String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("__Host-pigw_session=").contains("; Secure", "Path=/", "HttpOnly")
                    .doesNotContain("Domain");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertThat(json(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/auth"))).header("Cookie", cookie)))
                    .path("authenticated").asBoolean()).isTrue();
            // a cookie-carrying state change needs the page's origin: the public one passes, none is refused
            HttpRequest.Builder logout = HttpRequest.newBuilder(URI.create(gw.url("/api/logout"))).header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.noBody());
            assertThat(gw.send(logout).statusCode()).isEqualTo(403);
            HttpResponse<String> out = gw.send(logout.header("Origin", "https://gw.example.com"));
            assertThat(out.statusCode()).isEqualTo(200);
            assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("__Host-pigw_session=;")
                    .contains("Secure", "Max-Age=0");
            assertThat(json(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/auth"))).header("Cookie", cookie)))
                    .path("authenticated").asBoolean()).isFalse();
        }
    }

    private static HttpResponse<String> login(TestGateway gw, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/login"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
