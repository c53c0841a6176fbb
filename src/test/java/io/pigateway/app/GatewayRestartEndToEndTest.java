package io.pigateway.app;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.FakeTelegramServer.Sent;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.cli.PiGwCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code POST /api/gateway/restart} (and {@code pi-gw gateway restart}) with real pi, a fake LLM and a fake Telegram: the gateway
 * drains (a turn in flight is answered, the API refuses new messages with 503 + Retry-After,
 * Telegram polling pauses and the update sent meanwhile is fetched after the restart), restarts in
 * this JVM and answers again. A turn still running at {@code gateway.drainTimeoutMs} is aborted and
 * its Telegram user told in a sentence.
 */
class GatewayRestartEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOT = "100:DRAIN";
    private static final String HOOK_BOT = "200:HOOK";
    private static final String HOOK_SECRET = "hook-secret-0123456789abcdef0123456789";

    private static Reply reply(JsonNode request) {
        String text = FakeLlmServer.lastUserText(request);
        if (text.contains("SLOW")) {
            return Reply.text("the slow answer").delayed(2_500);
        }
        if (text.contains("ENDLESS")) {
            return Reply.chunked("an answer that would take half a minute to stream", 1).chunkDelay(600);
        }
        return FakeLlmServer.defaultReply(request);
    }

    private static String telegram(FakeTelegramServer telegram) {
        return """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                  "dmPolicy": "open", "streamingMode": "off",
                  "accounts": { "hook": { "botToken": "%s", "dmPolicy": "open", "streamingMode": "off",
                    "webhookUrl": "https://bot.example.invalid/telegram/hook", "webhookSecret": "%s" } } } }
                """.formatted(telegram.baseUrl(), BOT, HOOK_BOT, HOOK_SECRET);
    }

    @Test
    void aTurnInFlightIsAnsweredNewMessagesWaitAndTheGatewayAnswersAgain(@TempDir Path dir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            llm.setResponder(GatewayRestartEndToEndTest::reply);
            try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 2, "\"drainTimeoutMs\": 30000,", "",
                    telegram(telegram))) {
                await().atMost(WAIT).until(() -> !telegram.calls("getUpdates").isEmpty());
                CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(
                        () -> gw.chat("SLOW question", "agent:main:api:dm:slow"));
                await().atMost(WAIT).until(() -> llm.requestCount() >= 1); // the turn is in flight

                HttpResponse<String> restart = gw.post("/api/gateway/restart", "{}");

                assertThat(restart.statusCode()).isEqualTo(202);
                JsonNode plan = JSON.readTree(restart.body());
                assertThat(plan.path("restarting").asBoolean()).isTrue();
                assertThat(plan.path("turnsRunning").asInt()).isEqualTo(1);
                assertThat(plan.path("drainTimeoutMs").asLong()).isEqualTo(30_000);
                HttpResponse<String> during = gw.post("/api/chat", "{\"message\":\"sent during the drain\"}");
                assertThat(during.statusCode()).isEqualTo(503);
                assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(JSON.readTree(during.body()).path("error").path("code").asText()).isEqualTo("restarting");
                assertThat(JSON.readTree(during.body()).path("error").path("message").asText())
                        .isEqualTo("The gateway is restarting; please send this again in a few seconds.");
                HttpResponse<String> openAi = gw.post("/v1/chat/completions",
                        "{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(openAi.statusCode()).isEqualTo(503);
                assertThat(openAi.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(JSON.readTree(openAi.body()).path("error").path("type").asText()).isEqualTo("server_error");
                assertThat(JSON.readTree(openAi.body()).path("error").path("code").asText()).isEqualTo("restarting");
                assertThat(gw.post("/api/gateway/restart", "{}").statusCode()).isEqualTo(409);
                telegram.addMessage(BOT, privateText(42, "written while the gateway drains"));
                String update = "{\"update_id\":900,\"message\":" + privateText(43, "webhook while draining") + "}";
                assertThat(webhook(gw, update).statusCode()).isEqualTo(500); // Telegram delivers it again later

                JsonNode answered = slow.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answered.path("_status").asInt()).isEqualTo(200);
                assertThat(answered.path("reply").asText()).isEqualTo("the slow answer");
                // neither the refused API message nor the Telegram update (polling paused) reached the agent
                assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.lastUserText(r).contains("sent during")
                        || FakeLlmServer.lastUserText(r).contains("written while")
                        || FakeLlmServer.lastUserText(r).contains("webhook while"));

                await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                        assertThat(gw.chat("after the restart", null).path("reply").asText())
                                .isEqualTo("echo: after the restart"));
                await().atMost(WAIT).until(() -> texts(telegram, "42")
                        .contains("echo: written while the gateway drains"));
                assertThat(texts(telegram, "42")).containsOnlyOnce("echo: written while the gateway drains");
                assertThat(webhook(gw, update).statusCode()).isEqualTo(200); // Telegram's redelivery
                await().atMost(WAIT).until(() -> texts(telegram, "43").contains("echo: webhook while draining"));
            }
        }
    }

    @Test
    void aTurnStillRunningAtTheDeadlineIsAbortedAndItsUserTold(@TempDir Path dir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            llm.setResponder(GatewayRestartEndToEndTest::reply);
            try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"drainTimeoutMs\": 1000,", "",
                    telegram(telegram))) {
                telegram.addMessage(BOT, privateText(7, "ENDLESS story please"));
                await().atMost(WAIT).until(() -> llm.requestCount() >= 1);

                Path cliConfig = dir.resolve("cli.jsonc"); // the CLI finds the token through the config, as a user's would
                Files.writeString(cliConfig, "{ \"gateway\": { \"dataDir\": \"" + dir.resolve("cli-data")
                        + "\", \"auth\": { \"token\": \"" + TestGateway.TOKEN + "\" } } }");
                StringWriter out = new StringWriter();
                CommandLine cli = PiGwCli.newCommandLine();
                cli.setOut(new PrintWriter(out));
                cli.setErr(new PrintWriter(new StringWriter()));

                assertThat(cli.execute("gateway", "restart", "--config", cliConfig.toString(), "--url", gw.url("")))
                        .isEqualTo(0);

                assertThat(out.toString()).contains("1 running turns finish (at most 1 s", "restarts in this process");
                await().atMost(WAIT).until(() -> texts(telegram, "7").contains(
                        "The gateway restarted before this answer was finished; please send your message again."));
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                        assertThat(gw.chat("back again", null).path("reply").asText()).isEqualTo("echo: back again"));
                assertThat(texts(telegram, "7")).noneMatch(t -> t.contains("half a minute"));
            }
        }
    }

    @Test
    void aStopLikeSigtermDrainsFirstThenStops(@TempDir Path dir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm)) {
            llm.setResponder(GatewayRestartEndToEndTest::reply);
            try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"drainTimeoutMs\": 30000,", "",
                    null)) {
                CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(
                        () -> gw.chat("SLOW question", "agent:main:api:dm:stop"));
                await().atMost(WAIT).until(() -> llm.requestCount() >= 1);
                List<Long> pids = gw.runtime().pi().getPool("main").pids();

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> gw.runtime().restarts().drainAndStop());

                await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                        assertThat(gw.post("/api/chat", "{\"message\":\"too late\"}").statusCode()).isEqualTo(503));
                JsonNode answered = slow.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answered.path("reply").asText()).isEqualTo("the slow answer");
                stopped.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(gw.runtime().isRunning()).isFalse();
                await().atMost(WAIT).until(() -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid)
                        .map(ProcessHandle::isAlive).orElse(false)));
            }
        }
    }

    private static HttpResponse<String> webhook(TestGateway gw, String update) {
        return gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url("/telegram/hook")))
                .header("X-Telegram-Bot-Api-Secret-Token", HOOK_SECRET).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(update)));
    }

    private static List<String> texts(FakeTelegramServer telegram, String chatId) {
        return telegram.messagesIn(chatId).stream().map(Sent::text).toList();
    }
}
