package io.pigateway.app.observe;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /metrics} and {@code /health} of a real gateway (real pi, fake LLM, fake Telegram): the
 * turn meters move for the channel and outcome of real turns, and a Telegram account whose token
 * is rejected is parked: {@code /health} degraded but ready (200) until the channel is restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityEndToEndTest {
    static final String BOT = "100:OBS";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("FAIL") ? Reply.error(400)
                : FakeLlmServer.defaultReply(request));
        pi = PiTestRuntime.create(llm);
        telegram = new FakeTelegramServer();
        Path dataDir = Files.createTempDirectory("observe-e2e");
        gw = TestGateway.start(pi, dataDir, 1, 1, """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s", "dmPolicy": "open",
                  "streamingMode": "off" } }
                """.formatted(telegram.baseUrl(), BOT));
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        telegram.close();
        pi.close();
        llm.close();
    }

    @Test
    @Order(1)
    void metricsNeedTheTokenAndServePrometheusText() {
        assertThat(gw.get("/metrics", false).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = gw.get("/metrics", true);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE pigateway_pool_processes gauge")
                .contains("pigateway_pool_processes{pool=\"main\",state=\"idle\"}")
                .contains("pigateway_pool_spawns_total{pool=\"main\"}")
                .contains("pigateway_queue_waiting 0.0")
                .contains("pigateway_channel_up{account=\"default\",channel=\"telegram\"} 1.0")
                .contains("jvm_memory_used_bytes")
                .doesNotContain("pigateway_cluster_"); // standalone: no partitions, no elections
    }

    @Test
    @Order(2)
    void aTelegramTurnAndAFailedApiTurnMoveTheirOwnTurnMeters() {
        telegram.addMessage(BOT, privateText(42, "hello metrics"));
        await().atMost(WAIT).until(() -> telegram.messagesIn("42").stream().anyMatch(m -> m.text().contains("hello metrics")));
        JsonNode failed = gw.chat("FAIL please", "agent:main:api:dm:obs");
        assertThat(failed.path("_status").asInt()).isGreaterThanOrEqualTo(400);

        // the turn is counted when its completion ran, right after the answer went out
        await().atMost(WAIT).until(() -> count(scrape(), "telegram", "ok") >= 1 && count(scrape(), "api", "agent_error") >= 1);
        String body = scrape();
        assertThat(count(body, "telegram", "ok")).isEqualTo(1);
        assertThat(sum(body, "telegram", "ok")).isGreaterThan(0);
        assertThat(body).contains("pigateway_turns_seconds_bucket{channel=\"telegram\",outcome=\"ok\",le=\"300.0\"} 1");
        assertThat(count(body, "api", "ok")).isZero();
        assertThat(body).contains("pigateway_pool_spawns_total{pool=\"main\"} 1.0")
                .contains("camel_route_policy_seconds_count{camelContext=\"pi-gateway\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"inbound\"}");
    }

    @Test
    @Order(3)
    void aRejectedTelegramTokenParksTheAccountTheGatewayStaysReadyAndARestartBringsItBack() throws Exception {
        JsonNode ok = JSON.readTree(gw.get("/health", false).body());
        assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("ok");
        assertThat(ok.path("checks").path("channel-telegram").path("state").asText()).as(ok.path("checks").toString()).isEqualTo("UP");
        assertThat(ok.path("checks").path("pool").path("state").asText()).isEqualTo("UP");
        assertThat(ok.path("checks").path("state-store").path("state").asText()).isEqualTo("UP");
        assertThat(ok.path("pool").has("busy")).isTrue(); // the fields the bench and older tests read stay

        telegram.failNext("getUpdates", 1, 401, "Unauthorized", null);
        await().atMost(WAIT).until(() -> JSON.readTree(gw.get("/health", false).body()).path("checks")
                .path("channel-telegram").path("state").asText().equals("DOWN"));
        HttpResponse<String> degraded = gw.get("/health", false);
        assertThat(degraded.statusCode()).isEqualTo(200); // ready: WebChat and the API still work
        JsonNode health = JSON.readTree(degraded.body());
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        JsonNode account = health.path("checks").path("channel-telegram").path("accounts").path("default");
        assertThat(account.path("reason").asText()).startsWith("parked: Telegram rejected the bot token (HTTP 401)")
                .contains("/api/channels/telegram/restart");
        assertThat(account.path("since").asText()).isNotEmpty();
        assertThat(scrape()).contains("pigateway_channel_up{account=\"default\",channel=\"telegram\"} 0.0");
        int polls = telegram.calls("getUpdates").size();
        JsonNode answered = gw.chat("still answering", "agent:main:api:dm:parked");
        assertThat(answered.path("reply").asText()).isEqualTo("echo: still answering");
        assertThat(telegram.calls("getUpdates")).hasSize(polls); // parked: no retrying meanwhile

        HttpResponse<String> restart = gw.post("/api/channels/telegram/restart", "{}");
        assertThat(restart.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(restart.body()).path("done").toString()).contains("restarted account default");
        await().atMost(WAIT).until(() -> gw.get("/health", false).body().contains("\"status\":\"ok\""));
        telegram.addMessage(BOT, privateText(43, "after the restart"));
        await().atMost(WAIT).until(() -> telegram.messagesIn("43").stream().anyMatch(m -> m.text().contains("after the restart")));
        assertThat(gw.post("/api/channels/nope/restart", "{}").statusCode()).isEqualTo(404);
        assertThat(counter(scrape(), "pigateway_channel_errors_total{channel=\"telegram\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    void metricsPublicServesThemWithoutTheToken() throws Exception {
        try (TestGateway open = TestGateway.start(pi, Files.createTempDirectory("observe-public"), 0, 1,
                "\"metrics\": { \"public\": true }")) {
            HttpResponse<String> metrics = open.get("/metrics", false);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("pigateway_pool_processes");
            assertThat(open.get("/api/config", false).statusCode()).isEqualTo(401); // only /metrics went public
        }
    }

    @Test
    @Order(5)
    void aDrainingGatewayIsNotReady() throws Exception {
        assertThat(gw.get("/health", false).statusCode()).isEqualTo(200);
        gw.runtime().service().intake().close("The gateway is restarting.", 5); // what a drain does first
        HttpResponse<String> health = gw.get("/health", false);
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode intake = JSON.readTree(health.body()).path("checks").path("intake");
        assertThat(intake.path("state").asText()).isEqualTo("DOWN");
        assertThat(intake.path("message").asText()).startsWith("draining");
    }

    private String scrape() {
        return gw.get("/metrics", true).body();
    }

    static double count(String body, String channel, String outcome) {
        return counter(body, "pigateway_turns_seconds_count{channel=\"" + channel + "\",outcome=\"" + outcome + "\"}");
    }

    static double sum(String body, String channel, String outcome) {
        return counter(body, "pigateway_turns_seconds_sum{channel=\"" + channel + "\",outcome=\"" + outcome + "\"}");
    }

    /** The value of one series line, 0 when the series is absent. */
    static double counter(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
