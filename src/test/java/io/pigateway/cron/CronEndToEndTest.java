package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.cli.PiGwCli;
import io.pigateway.config.CronConfig.Schedule;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cron end to end: real pi against the fake LLM, the fake Telegram Bot API, one gateway with three
 * config jobs (every, cron in a zone, at) and the runtime API over HTTP, WebSocket, CLI and the
 * agent's own tool. Intervals are seconds, never minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CronEndToEndTest {
    static final String BOT = "100:CRON";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    Path dataDir;
    Path configFile;
    TestGateway gw;
    Instant onceAt;
    Instant beforeStart;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(CronEndToEndTest::scripted);
        pi = PiTestRuntime.create(llm);
        telegram = new FakeTelegramServer();
        dataDir = Files.createTempDirectory("cron-e2e");
        configFile = dataDir.resolve("gateway.jsonc");
        onceAt = Instant.now().plusSeconds(12);
        String extra = """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                                            "dmPolicy": "open", "streamingMode": "off" } },
                "cron": { "enabled": true, "minInterval": "2s", "maxConsecutiveFailures": 2, "retryDelays": ["300ms"],
                  "jobs": [
                    { "id": "tick", "schedule": { "kind": "every", "expr": "4s" }, "task": "tick task",
                      "delivery": "announce", "to": "telegram:1001" },
                    { "id": "daily", "schedule": { "kind": "cron", "expr": "0 9 * * *", "timezone": "Asia/Shanghai" },
                      "task": "daily task", "delivery": "silent" },
                    { "id": "once", "schedule": { "kind": "at", "expr": "%s" }, "task": "once task",
                      "delivery": "silent" } ] }
                """.formatted(telegram.baseUrl(), BOT, onceAt);
        beforeStart = Instant.now();
        gw = TestGateway.start(pi, dataDir, 1, 1, extra, configFile);
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

    /** "TOOL <json>": one cron tool call with those arguments, then "done"; "FAIL": a refused request. */
    static Reply scripted(JsonNode request) {
        String text = FakeLlmServer.lastUserText(request);
        if (text.contains("FAIL")) {
            return Reply.error(400);
        }
        if (text.startsWith("TOOL ")) {
            return toolResultsSinceLastUser(request) == 0 ? Reply.toolCall("cron", text.substring(5))
                    : Reply.text("done");
        }
        return FakeLlmServer.defaultReply(request);
    }

    static int toolResultsSinceLastUser(JsonNode request) {
        JsonNode messages = request.path("messages");
        int count = 0;
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            count = "user".equals(role) ? 0 : "tool".equals(role) ? count + 1 : count;
        }
        return count;
    }

    @Test
    @Order(1)
    void configJobsOfEachKind() {
        // every: nothing at start, the first run one interval later, announced to Telegram
        await().atMost(WAIT).until(() -> runs("tick").size() >= 1);
        JsonNode tick = runs("tick").get(runs("tick").size() - 1);
        // Quartz's SimpleTrigger fires at once when made before the scheduler starts: that fire is skipped
        assertThat(Instant.parse(tick.path("startedAt").asText())).as(tick.toString())
                .isAfterOrEqualTo(beforeStart.plusSeconds(4));
        assertThat(tick.path("status").asText()).as(tick.toString()).isEqualTo("ok");
        assertThat(tick.path("trigger").asText()).isEqualTo("schedule");
        assertThat(tick.path("sessionKey").asText()).isEqualTo("agent:main:cron:tick");
        assertThat(tick.path("tokens").asInt()).as("pi reported the usage").isPositive();
        await().atMost(WAIT).until(() -> textsIn("1001").contains("echo: tick task"));
        assertThat(post("/api/cron/jobs/tick/pause", "").statusCode()).isEqualTo(200);
        assertThat(gw.runtime().camel().getRoute("cron-tick")).isNull();

        // cron in a time zone: the next 09:00 in Shanghai
        JsonNode daily = job("daily");
        Instant expected = Schedules.nextAfter(new Schedule("cron", "0 9 * * *", "Asia/Shanghai"), Instant.now(),
                null).orElseThrow();
        assertThat(daily.path("nextRunAt").asText()).isEqualTo(expected.toString()).endsWith("T01:00:00Z");
        assertThat(gw.runtime().camel().getRoute("cron-daily")).isNotNull();

        // at: runs once, then is done
        await().atMost(WAIT).until(() -> runs("once").size() == 1);
        assertThat(runs("once").get(0).path("answer").asText()).isEqualTo("echo: once task");
        await().atMost(WAIT).until(() -> job("once").path("done").asBoolean());
        assertThat(job("once").path("nextRunAt").isNull()).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> runs("once").size() == 1);
        // silent: nothing was sent anywhere but the history
        assertThat(textsIn("1001")).doesNotContain("echo: once task");

        JsonNode list = get("/api/cron/jobs");
        assertThat(list.path("jobs")).extracting(j -> j.path("id").asText()).containsExactly("daily", "once", "tick");
        assertThat(list.path("jobs").get(2).path("lastRun").path("status").asText()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    void aBadJobIsRefusedWithTheFieldNamed() {
        HttpResponse<String> bad = post("/api/cron/jobs", """
                {"id":"x","schedule":{"kind":"weekly","expr":"1"},"task":"t"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("schedule.kind", "cron, every, at");
        HttpResponse<String> tooOften = post("/api/cron/jobs", """
                {"id":"x","schedule":{"kind":"every","expr":"1s"},"task":"t","delivery":"silent"}""");
        assertThat(tooOften.statusCode()).isEqualTo(400);
        assertThat(tooOften.body()).contains("schedule.expr", "cron.minInterval", "allowShortInterval");
        assertThat(post("/api/cron/jobs", """
                {"id":"x","schedule":{"kind":"every","expr":"1h"},"task":"t","delivery":"announce","to":"discord:5"}""")
                .body()).contains("to: the channel discord is not enabled");
        assertThat(gw.get("/api/cron/jobs/nope", true).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void runtimeJobsRunNowOverHttpWsCliAndTool() throws Exception {
        HttpResponse<String> added = post("/api/cron/jobs", """
                {"id":"rt","schedule":{"kind":"every","expr":"1h"},"task":"runtime task","delivery":"silent"}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        Instant next = Instant.parse(JSON.readTree(added.body()).path("nextRunAt").asText());
        assertThat(next).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3601));
        assertThat(post("/api/cron/jobs", """
                {"id":"rt","schedule":{"kind":"every","expr":"1h"},"task":"t"}""").statusCode()).isEqualTo(409);

        assertThat(post("/api/cron/jobs/rt/run", "").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> runs("rt").size() == 1);
        assertThat(runs("rt").get(0).path("answer").asText()).isEqualTo("echo: runtime task");
        assertThat(runs("rt").get(0).path("trigger").asText()).isEqualTo("manual");

        try (WsTestClient ws = WsTestClient.open(gw.runtime().baseUrl(), Map.of())) {
            assertThat(ws.request("connect", Map.of("token", TestGateway.TOKEN)).path("ok").asBoolean()).isTrue();
            assertThat(ws.request("cron.subscribe", Map.of()).path("ok").asBoolean()).isTrue();
            assertThat(ws.request("cron.list", Map.of()).path("payload").path("jobs").size()).isEqualTo(4);
            assertThat(ws.request("cron.get", Map.of("id", "rt")).path("payload").path("task").asText())
                    .isEqualTo("runtime task");
            assertThat(ws.request("cron.run", Map.of("id", "rt")).path("ok").asBoolean()).isTrue();
            JsonNode event = ws.await(f -> "cron.run".equals(f.path("event").asText())
                    && "finished".equals(f.path("payload").path("phase").asText()));
            assertThat(event.path("payload").path("run").path("status").asText()).isEqualTo("ok");
            assertThat(ws.request("cron.add", Map.of("id", "bad")).path("error").path("code").asText())
                    .isEqualTo("bad_request");
            assertThat(ws.request("cron.pause", Map.of("id", "rt")).path("payload").path("enabled").asBoolean())
                    .isFalse();
            assertThat(gw.runtime().camel().getRoute("cron-rt")).isNull();
            assertThat(ws.request("cron.resume", Map.of("id", "rt")).path("payload").path("enabled").asBoolean())
                    .isTrue();
            assertThat(gw.runtime().camel().getRoute("cron-rt")).isNotNull();
        }
        await().atMost(WAIT).until(() -> runs("rt").size() == 2);

        java.io.StringWriter out = new java.io.StringWriter();
        var cli = PiGwCli.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute("cron", "run", "rt", "--config", configFile.toString(), "--url",
                gw.runtime().baseUrl())).isEqualTo(0);
        assertThat(out.toString()).contains("\"started\":true");
        await().atMost(WAIT).until(() -> runs("rt").size() == 3);
        assertThat(PiGwCli.newCommandLine().execute("cron", "list", "--config", configFile.toString(), "--url",
                gw.runtime().baseUrl())).isEqualTo(0);

        // the agent's tool: run, then add a job that announces back to the chat it came from
        JsonNode chat = gw.chat("TOOL {\"action\":\"run\",\"id\":\"rt\"}", null);
        assertThat(chat.path("reply").asText()).as(chat.toString()).isEqualTo("done");
        await().atMost(WAIT).until(() -> runs("rt").size() == 4);
        telegram.addMessage(BOT, FakeTelegramServer.privateText(1002, "TOOL {\"action\":\"add\",\"id\":\"agent-job\","
                + "\"schedule\":{\"kind\":\"every\",\"expr\":\"1h\"},\"task\":\"agent task\"}"));
        await().atMost(WAIT).until(() -> textsIn("1002").contains("done"));
        JsonNode agentJob = job("agent-job");
        assertThat(agentJob.path("delivery").asText()).isEqualTo("announce");
        assertThat(agentJob.path("to").asText()).isEqualTo("telegram:default:1002");
        assertThat(agentJob.path("origin").asText()).isEqualTo("runtime");
        // a chat that is not the operator's acts only on its own jobs
        telegram.addMessage(BOT, FakeTelegramServer.privateText(1002, "TOOL {\"action\":\"remove\",\"id\":\"daily\"}"));
        await().atMost(WAIT).until(() -> textsIn("1002").stream().filter("done"::equals).count() == 2);
        assertThat(gw.get("/api/cron/jobs/daily", true).statusCode()).isEqualTo(200);
        assertThat(llm.requests().stream().map(FakeLlmServer::allText)
                .anyMatch(t -> t.contains("job daily was not added from this chat"))).isTrue();

        // remove
        assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/rt")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE()).statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/cron/jobs/rt", true).statusCode()).isEqualTo(404);
        assertThat(gw.runtime().camel().getRoute("cron-rt")).isNull();
    }

    @Test
    @Order(4)
    void directDeliveryPostsIntoTheChatWithItsHistory() {
        telegram.addMessage(BOT, FakeTelegramServer.privateText(1003, "my secret word is kiwi"));
        await().atMost(WAIT).until(() -> textsIn("1003").contains("echo: my secret word is kiwi"));
        String key = "agent:main:telegram:dm:1003";
        HttpResponse<String> added = post("/api/cron/jobs", """
                {"id":"remind","schedule":{"kind":"every","expr":"1h"},"task":"what was the word",
                 "delivery":"direct","sessionKey":"%s"}""".formatted(key));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        llm.clearRequests();
        post("/api/cron/jobs/remind/run", "");
        await().atMost(WAIT).until(() -> textsIn("1003").contains("echo: what was the word"));
        JsonNode request = llm.requests().stream()
                .filter(r -> FakeLlmServer.lastUserText(r).equals("what was the word")).findFirst().orElseThrow();
        assertThat(FakeLlmServer.allText(request)).contains("my secret word is kiwi", "what was the word");
        await().atMost(WAIT).until(() -> runs("remind").size() == 1);
        assertThat(runs("remind").get(0).path("sessionKey").asText()).isEqualTo(key);
    }

    @Test
    @Order(5)
    void aJobThatKeepsFailingIsRetriedThenDisabled() {
        HttpResponse<String> added = post("/api/cron/jobs", """
                {"id":"flaky","schedule":{"kind":"every","expr":"3s"},"task":"FAIL always","delivery":"silent"}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !job("flaky").path("disabledReason").isNull());
        assertThat(job("flaky").path("disabledReason").asText()).contains("2 failed runs in a row");
        assertThat(job("flaky").path("enabled").asBoolean()).isFalse();
        List<JsonNode> runs = runs("flaky");
        assertThat(runs).extracting(r -> r.path("status").asText()).containsExactly("error", "error");
        assertThat(runs).extracting(r -> r.path("trigger").asText()).containsExactly("retry", "schedule");
        java.util.regex.Matcher errors = java.util.regex.Pattern.compile("(?m)^pigateway_cron_runs_total\\{status=\"error\"} (\\S+)$")
                .matcher(gw.get("/metrics", true).body());
        assertThat(errors.find()).isTrue();
        assertThat(Double.parseDouble(errors.group(1))).isGreaterThanOrEqualTo(2); // /metrics counts the failed runs
        assertThat(gw.runtime().camel().getRoute("cron-flaky")).isNull();
        // resume clears the failures
        JsonNode resumed = postJson("/api/cron/jobs/flaky/resume");
        assertThat(resumed.path("enabled").asBoolean()).isTrue();
        assertThat(resumed.path("consecutiveFailures").asInt()).isZero();
        post("/api/cron/jobs/flaky/pause", "");
    }

    @Test
    @Order(6)
    void resumeContextKeepsTheCronSessionsHistoryAndPutChangesARuntimeJob() {
        for (String id : List.of("ctx", "fresh")) {
            HttpResponse<String> added = post("/api/cron/jobs", """
                    {"id":"%s","schedule":{"kind":"every","expr":"1h"},"task":"%s task","delivery":"silent",
                     "resumeContext":%s}""".formatted(id, id, "ctx".equals(id)));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            for (int run = 1; run <= 2; run++) {
                post("/api/cron/jobs/" + id + "/run", "");
                int expected = run;
                await().atMost(WAIT).until(() -> runs(id).size() == expected);
            }
        }
        assertThat(userTurnsInLastRequestFor("ctx task")).isEqualTo(2);
        assertThat(userTurnsInLastRequestFor("fresh task")).isEqualTo(1);

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/fresh")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"schedule":{"kind":"cron","expr":"30 8 * * 1-5","timezone":"Europe/Berlin"},
                         "task":"changed task","delivery":"silent"}"""));
        HttpResponse<String> changed = gw.send(put);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(job("fresh").path("task").asText()).isEqualTo("changed task");
        assertThat(job("fresh").path("schedule").path("kind").asText()).isEqualTo("cron");
        HttpResponse<String> configJob = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/daily")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"task\":\"x\"}")));
        assertThat(configJob.statusCode()).isEqualTo(409);
        assertThat(configJob.body()).contains("config file");
    }

    /** How many user messages the model saw in the last request whose prompt was {@code text}. */
    long userTurnsInLastRequestFor(String text) {
        JsonNode request = llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).equals(text))
                .reduce((a, b) -> b).orElseThrow();
        long count = 0;
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                count++;
            }
        }
        return count;
    }

    // ---- helpers ----

    List<String> textsIn(String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    JsonNode job(String id) {
        return get("/api/cron/jobs/" + id);
    }

    List<JsonNode> runs(String id) {
        List<JsonNode> out = new java.util.ArrayList<>();
        get("/api/cron/jobs/" + id + "/runs").path("runs").forEach(out::add);
        return out;
    }

    JsonNode get(String path) {
        try {
            return JSON.readTree(gw.get(path, true).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return gw.post(path, body);
    }

    JsonNode postJson(String path) {
        try {
            return JSON.readTree(gw.post(path, "").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
