package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP and WebSocket APIs of a real gateway (token mode) with real pi and the fake LLM: every
 * endpoint with and without auth, malformed input, redaction, reload, and event isolation.
 */
class ControlPlaneApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOOKS_TOKEN = "hooks-secret-token-42-0123456789abc";
    static final String BOT_SECRET = "123456:telegram-bot-secret";
    static FakeLlmServer llm;
    static PiTestRuntime pi;

    @TempDir
    Path dir;

    @BeforeAll
    static void fakes() {
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
    }

    @AfterAll
    static void stopFakes() {
        pi.close();
        llm.close();
    }

    @Test
    void httpAndWebSocketApisInTokenMode() throws Exception {
        Path configFile = dir.resolve("pi-gateway.jsonc");
        String extra = """
                "hooks": { "enabled": true, "token": "%s", "path": "/hooks" },
                "channels": { "telegram": { "enabled": false, "botToken": "%s" } }
                """.formatted(HOOKS_TOKEN, BOT_SECRET);
        try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, extra, configFile)) {
            page(gw);
            protectedPathsNeedTheToken(gw);
            sessionsAndChat(gw);
            configRedactedAndReloaded(gw, configFile);
            sendCronAndHooks(gw);
            sseStream(gw);
            webSocket(gw);
        }
    }

    private void page(TestGateway gw) {
        HttpResponse<String> index = gw.get("/", false);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(index.body()).contains("id=\"login-form\"");
        HttpResponse<String> js = gw.get("/app.js", false);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(gw.get("/style.css", false).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(gw.get("/missing.js", false).statusCode()).isEqualTo(404);
        assertThat(gw.get("/webchat/", true).statusCode()).isEqualTo(404); // no listing
        JsonNode auth = json(gw.get("/api/auth", false));
        assertThat(auth.path("mode").asText()).isEqualTo("token");
        assertThat(auth.path("authenticated").asBoolean()).isFalse();
        // the sign-in page says where the token is (here: configured, so no file path)
        assertThat(auth.path("tokenHint").asText()).isEqualTo("gateway.auth.token in the gateway's config file");
        assertThat(index.body()).contains("id=\"token-hint\"");
        assertThat(json(gw.get("/api/auth", true)).path("authenticated").asBoolean()).isTrue();
    }

    private void protectedPathsNeedTheToken(TestGateway gw) {
        List<String[]> paths = List.of(new String[] {"GET", "/api/sessions"},
                new String[] {"GET", "/api/session/agent%3Amain%3Amain"}, new String[] {"DELETE", "/api/session/agent:main:x"},
                new String[] {"POST", "/api/chat"}, new String[] {"POST", "/api/chat/stream"},
                new String[] {"POST", "/api/send"}, new String[] {"GET", "/api/config"},
                new String[] {"POST", "/api/config/reload"}, new String[] {"GET", "/api/cron/jobs"},
                new String[] {"GET", "/api/cron/jobs/1"}, new String[] {"POST", "/api/cron/jobs/1/run"},
                new String[] {"GET", "/anything/else"});
        for (String[] p : paths) {
            // (a wrong bearer counts towards the guess limit, so it is tried on one path only)
            for (String auth : p[1].equals("/api/config") ? new String[] {null, "Bearer wrong", "Basic abc"}
                    : new String[] {null, "Basic abc"}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(p[1])))
                        .method(p[0], HttpRequest.BodyPublishers.ofString("{\"message\":\"x\"}"));
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                HttpResponse<String> r = gw.send(b);
                assertThat(r.statusCode()).as(p[0] + " " + p[1] + " with " + auth).isEqualTo(401);
                assertThat(json(r).path("error").path("code").asText()).isEqualTo("unauthorized");
            }
        }
    }

    private void sessionsAndChat(TestGateway gw) {
        String key = "agent:main:api:dm:carol";
        assertThat(gw.chat("hello sessions", key).path("reply").asText()).isEqualTo("echo: hello sessions");
        JsonNode list = json(gw.get("/api/sessions", true));
        JsonNode carol = find(list.path("sessions"), key);
        assertThat(carol.path("channel").asText()).isEqualTo("api");
        assertThat(carol.path("busy").asBoolean()).isFalse();
        assertThat(carol.path("messageCount").asLong()).isPositive();
        assertThat(carol.has("lastActivity")).isTrue();

        JsonNode one = json(gw.get("/api/session/" + key.replace(":", "%3A"), true));
        assertThat(one.path("key").asText()).isEqualTo(key);
        assertThat(one.path("messages").toString()).contains("hello sessions", "echo: hello sessions");
        assertThat(gw.get("/api/session/agent:main:api:dm:nobody", true).statusCode()).isEqualTo(404);
        assertThat(gw.get("/api/session/not-a-key", true).statusCode()).isEqualTo(400);

        // malformed and incomplete bodies are 400, never 500
        for (String bad : new String[] {"{not json", "[]", "", "{\"message\":42}", "{\"message\":\"hi\",\"sessionKey\":\"bad key\"}"}) {
            assertThat(gw.post("/api/chat", bad).statusCode()).as(bad).isEqualTo(400);
            assertThat(gw.post("/api/chat/stream", bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(gw.post("/api/chat", "{\"message\":\"hi\",\"unknownKey\":1,\"sessionKey\":\"" + key + "\"}")
                .statusCode()).isEqualTo(200);

        HttpResponse<String> kill = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/session/" + key)))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE());
        assertThat(kill.statusCode()).isEqualTo(200);
        assertThat(json(kill).path("key").asText()).isEqualTo(key);
        HttpResponse<String> unknownKill = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/session/agent:main:zz")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE());
        assertThat(unknownKill.statusCode()).isEqualTo(404);
        // the history file is kept
        assertThat(json(gw.get("/api/session/" + key, true)).path("messages").toString()).contains("hello sessions");
    }

    private void configRedactedAndReloaded(TestGateway gw, Path configFile) throws Exception {
        HttpResponse<String> config = gw.get("/api/config", true);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).doesNotContain(TestGateway.TOKEN, HOOKS_TOKEN, BOT_SECRET).contains("***");

        HttpResponse<String> reload = gw.post("/api/config/reload", "{}");
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(json(reload).path("reloaded").asBoolean()).isTrue();

        String original = Files.readString(configFile);
        Files.writeString(configFile, original.replace("\"turnTimeoutMs\": 60000", "\"turnTimeoutMs\": \"soon\""));
        HttpResponse<String> refused = gw.post("/api/config/reload", "{}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("error").path("code").asText()).isEqualTo("invalid_config");
        assertThat(json(gw.get("/api/config", true)).path("agent").path("turnTimeoutMs").asLong()).isEqualTo(60000);
        Files.writeString(configFile, original);
    }

    private void sendCronAndHooks(TestGateway gw) {
        HttpResponse<String> send = gw.post("/api/send", "{\"to\":\"telegram:123\",\"message\":\"hi\"}");
        assertThat(send.statusCode()).isEqualTo(404);
        assertThat(json(send).path("error").path("code").asText()).isEqualTo("unknown_channel");
        assertThat(gw.post("/api/send", "{\"to\":\"nochannel\",\"message\":\"hi\"}").statusCode()).isEqualTo(400);
        assertThat(gw.post("/api/send", "oops").statusCode()).isEqualTo(400);

        // cron (see CronEndToEndTest): no jobs here, unknown ids answer 404
        assertThat(json(gw.get("/api/cron/jobs", true)).path("jobs").isArray()).isTrue();
        for (HttpResponse<String> cron : List.of(gw.get("/api/cron/jobs/7", true), gw.post("/api/cron/jobs/7/run", "{}"))) {
            assertThat(cron.statusCode()).isEqualTo(404);
            assertThat(json(cron).path("error").path("message").asText()).contains("cron");
        }

        // the wake hook takes its own token, not the gateway's
        HttpResponse<String> wrong = gw.post("/hooks/wake", "{\"text\":\"wake up\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> woke = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/hooks/wake")))
                .header("Authorization", "Bearer " + HOOKS_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"wake up\",\"sessionKey\":\"agent:main:hooks:x\"}")));
        assertThat(woke.statusCode()).isEqualTo(202);
        assertThat(json(woke).path("sessionKey").asText()).isEqualTo("agent:main:hooks:x");
        HttpResponse<String> badWake = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/hooks/wake")))
                .header("Authorization", "Bearer " + HOOKS_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{")));
        assertThat(badWake.statusCode()).isEqualTo(400);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                gw.get("/api/session/agent:main:hooks:x", true).body().contains("echo: wake up"));
    }

    private void sseStream(TestGateway gw) {
        llm.setResponder(req -> FakeLlmServer.Reply.chunked("streamed answer here", 4));
        try {
            HttpResponse<String> sse = gw.post("/api/chat/stream", "{\"message\":\"stream please\",\"sessionKey\":\"agent:main:api:dm:sse\"}");
            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(sse.body()).contains("event: delta", "event: final", "streamed answer here");
            assertThat(sse.body().indexOf("event: delta")).isLessThan(sse.body().indexOf("event: final"));
        } finally {
            llm.setResponder(null);
        }
    }

    private void webSocket(TestGateway gw) throws Exception {
        // wrong credentials and foreign origins are refused on the upgrade
        assertThat(handshakeStatus(gw, Map.of("Authorization", "Bearer nope"))).isEqualTo(401);
        assertThat(handshakeStatus(gw, Map.of("Origin", "http://evil.example"))).isEqualTo(403);

        try (WsTestClient a = WsTestClient.open(gw.runtime().baseUrl(), Map.of());
             WsTestClient b = WsTestClient.open(gw.runtime().baseUrl(),
                     Map.of("Authorization", "Bearer " + TestGateway.TOKEN))) {
            // a has no credential yet: only connect is accepted
            assertThat(a.request("session.list", Map.of()).path("error").path("code").asText()).isEqualTo("unauthorized");
            JsonNode connected = a.request("connect", Map.of("token", TestGateway.TOKEN));
            assertThat(connected.path("ok").asBoolean()).isTrue();

            // bad frames get error frames; the connection stays usable
            a.sendRaw("{nope");
            assertThat(a.await(f -> "bad_json".equals(f.path("error").path("code").asText()))).isNotNull();
            assertThat(a.request("no.such.method", Map.of()).path("error").path("code").asText()).isEqualTo("unknown_method");
            a.sendRaw("{\"method\":\"session.list\",\"params\":{},\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}");
            assertThat(a.await(f -> "frame_too_large".equals(f.path("error").path("code").asText()))).isNotNull();
            a.sendRaw("{\"method\":\"session.list\",\"params\":{}}"); // the seed's shape, without id
            assertThat(a.await(f -> f.path("ok").asBoolean() && f.path("payload").has("sessions") && !f.has("id"))).isNotNull();
            assertThat(a.request("session.get", Map.of("key", "agent:main:nobody:x")).path("error").path("code").asText())
                    .isEqualTo("not_found");
            assertThat(a.request("chat.send", Map.of()).path("error").path("code").asText()).isEqualTo("bad_request");
            assertThat(a.request("cron.list", Map.of()).path("ok").asBoolean()).isTrue();
            assertThat(a.request("cron.get", Map.of("id", "nope")).path("error").path("code").asText())
                    .isEqualTo("not_found");

            // two clients on two sessions see only their own events
            String keyA = a.request("session.new", Map.of()).path("payload").path("sessionKey").asText();
            String keyB = "agent:main:webchat:dm:bobby";
            JsonNode sentA = a.request("chat.send", Map.of("text", "from alpha", "sessionKey", keyA));
            JsonNode sentB = b.request("chat.send", Map.of("text", "from bravo", "sessionKey", keyB));
            assertThat(sentA.path("payload").path("sessionKey").asText()).isEqualTo(keyA);
            JsonNode finalA = a.await(f -> "chat.final".equals(f.path("event").asText()));
            JsonNode finalB = b.await(f -> "chat.final".equals(f.path("event").asText()));
            assertThat(finalA.path("payload").path("text").asText()).isEqualTo("echo: from alpha");
            assertThat(finalB.path("payload").path("text").asText()).isEqualTo("echo: from bravo");
            assertThat(a.frames()).filteredOn(f -> f.has("event")).allSatisfy(f ->
                    assertThat(f.path("payload").path("sessionKey").asText()).isEqualTo(keyA));
            assertThat(b.frames()).filteredOn(f -> f.has("event")).allSatisfy(f ->
                    assertThat(f.path("payload").path("sessionKey").asText()).isEqualTo(keyB));
            assertThat(a.frames()).filteredOn(f -> "chat.delta".equals(f.path("event").asText())).isNotEmpty();
            assertThat(a.frames().toString()).doesNotContain("bravo");
            assertThat(b.frames().toString()).doesNotContain("alpha");

            JsonNode history = a.request("chat.history", Map.of("sessionKey", keyA));
            assertThat(history.path("payload").path("messages").toString()).contains("from alpha", "echo: from alpha");
            assertThat(a.request("chat.abort", Map.of("sessionKey", keyA)).path("payload").path("aborted").asBoolean()).isFalse();
            assertThat(b.request("session.kill", Map.of("key", keyB)).path("ok").asBoolean()).isTrue();
            assertThat(a.request("config.reload", Map.of()).path("ok").asBoolean()).isTrue();
            assertThat(a.isClosed()).isFalse();

            // a subscription shows every turn of a session, whoever started it; a subscribed sender
            // still gets each event once
            assertThat(a.request("chat.subscribe", Map.of("sessionKey", keyB)).path("ok").asBoolean()).isTrue();
            assertThat(b.request("chat.subscribe", Map.of("sessionKey", keyB)).path("ok").asBoolean()).isTrue();
            b.request("chat.send", Map.of("text", "watched", "sessionKey", keyB));
            java.util.function.Predicate<JsonNode> watchedFinal = f -> "chat.final".equals(f.path("event").asText())
                    && "echo: watched".equals(f.path("payload").path("text").asText());
            assertThat(a.await(watchedFinal).path("payload").path("sessionKey").asText()).isEqualTo(keyB);
            b.await(watchedFinal);
            b.request("session.list", Map.of());
            assertThat(b.frames()).filteredOn(watchedFinal).hasSize(1);
            assertThat(a.request("chat.unsubscribe", Map.of("sessionKey", keyB)).path("payload").path("unsubscribed")
                    .asBoolean()).isTrue();
        }
        // a wrong token in connect is refused and the socket closed
        try (WsTestClient c = WsTestClient.open(gw.runtime().baseUrl(), Map.of())) {
            assertThat(c.request("connect", Map.of("token", "wrong")).path("ok").asBoolean()).isFalse();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(c::isClosed);
        }
    }

    static int handshakeStatus(TestGateway gw, Map<String, String> headers) throws Exception {
        try (WsTestClient c = WsTestClient.open(gw.runtime().baseUrl(), headers)) {
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    static JsonNode find(JsonNode sessions, String key) {
        for (JsonNode s : sessions) {
            if (key.equals(s.path("key").asText())) {
                return s;
            }
        }
        throw new AssertionError("no session " + key + " in " + sessions);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
