package io.pigateway.cron;

import static io.pigateway.testing.FakeTelegramServer.botUsername;
import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.withMention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where a job's answer goes beyond a Telegram DM: {@code direct} into a group chat's session (the
 * task joins the group's history, the answer is posted in the group) and {@code announce} to a
 * WebChat session (kept in that session's history, pushed to its connected WebChat clients).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CronDeliveryTest {
    static final String BOT = "100:DELIVER";
    static final Duration WAIT = Duration.ofSeconds(60);

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(CronEndToEndTest::scripted); // "TOOL {...}": one cron tool call
        pi = PiTestRuntime.create(llm);
        telegram = new FakeTelegramServer();
        Path dataDir = Files.createTempDirectory("cron-delivery");
        // the group admits only user 7: the job's task must still get in (the operator scheduled it)
        String extra = """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                                            "dmPolicy": "allowlist", "allowlist": ["7"], "streamingMode": "off",
                                            "groups": { "-100": { "requireMention": true, "allowFrom": ["7"] } } } },
                "cron": { "enabled": true }
                """.formatted(telegram.baseUrl(), BOT);
        gw = TestGateway.start(pi, dataDir, 1, 1, extra);
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
    void directDeliveryIntoAGroupKeepsTheGroupsHistoryAndAnswersInTheGroup() {
        String bot = botUsername(BOT);
        telegram.addMessage(BOT, withMention(groupText(-100, 7, "@" + bot + " the group word is plum"), bot));
        await().atMost(WAIT).until(() -> texts("-100").stream().anyMatch(t -> t.contains("the group word is plum")));
        String key = "agent:main:telegram:group:-100";
        HttpResponse<String> added = gw.post("/api/cron/jobs", """
                {"id":"group-remind","schedule":{"kind":"every","expr":"1h"},"task":"what was the group word",
                 "delivery":"direct","sessionKey":"%s"}""".formatted(key));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        llm.clearRequests();

        assertThat(gw.post("/api/cron/jobs/group-remind/run", "").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> texts("-100").contains("echo: what was the group word"));
        JsonNode request = llm.requests().stream()
                .filter(r -> FakeLlmServer.lastUserText(r).equals("what was the group word")).findFirst().orElseThrow();
        assertThat(FakeLlmServer.allText(request)).as("the group's own history").contains("the group word is plum");
        await().atMost(WAIT).until(() -> runs("group-remind").size() == 1);
        JsonNode run = runs("group-remind").get(0);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("ok");
        assertThat(run.path("sessionKey").asText()).isEqualTo(key);
        assertThat(telegram.messagesIn("7")).as("nothing went to the member's DM").isEmpty();
    }

    @Test
    void announceToAWebChatSessionLandsInItsHistoryAndReachesItsOpenPages() throws Exception {
        try (WsTestClient page = WsTestClient.open(gw.runtime().baseUrl(), Map.of())) {
            assertThat(page.request("connect", Map.of("token", TestGateway.TOKEN)).path("ok").asBoolean()).isTrue();
            String key = page.request("chat.send", Map.of("text", "hello from the page")).path("payload")
                    .path("sessionKey").asText();
            page.await(f -> "chat.final".equals(f.path("event").asText()));
            assertThat(page.request("chat.subscribe", Map.of("sessionKey", key)).path("ok").asBoolean()).isTrue();
            HttpResponse<String> added = gw.post("/api/cron/jobs", """
                    {"id":"to-page","schedule":{"kind":"every","expr":"1h"},"task":"news for the page",
                     "delivery":"announce","to":"webchat:%s"}""".formatted(key));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            // through direct:outbound to the WebChat channel's route, like every channel's answer
            NotifyBuilder outbound = new NotifyBuilder(gw.runtime().camel())
                    .wereSentTo("direct:outbound-webchat").whenDone(1).create();

            assertThat(gw.post("/api/cron/jobs/to-page/run", "").statusCode()).isEqualTo(200);
            JsonNode pushed = page.await(f -> "chat.message".equals(f.path("event").asText())).path("payload");
            assertThat(pushed.path("sessionKey").asText()).isEqualTo(key);
            assertThat(pushed.path("role").asText()).isEqualTo("assistant");
            assertThat(pushed.path("text").asText()).isEqualTo("echo: news for the page");
            assertThat(outbound.matches(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(() -> runs("to-page").size() == 1);
            assertThat(runs("to-page").get(0).path("status").asText()).isEqualTo("ok");
            assertThat(runs("to-page").get(0).path("sessionKey").asText()).isEqualTo("agent:main:cron:to-page");

            // the session's history has it after the page's own messages (a reloaded page shows it)
            JsonNode history = page.request("chat.history", Map.of("sessionKey", key)).path("payload").path("messages");
            assertThat(history).extracting(m -> m.path("role").asText() + ": " + m.path("text").asText())
                    .containsExactly("user: hello from the page", "assistant: echo: hello from the page",
                            "assistant: echo: news for the page");
            // pi-gw send / POST /api/send reach the session the same way
            HttpResponse<String> sent = gw.post("/api/send", "{\"to\":\"webchat:" + key
                    + "\",\"message\":\"sent by hand\"}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(page.await(f -> "sent by hand".equals(f.path("payload").path("text").asText()))
                    .path("event").asText()).isEqualTo("chat.message");

            // the agent's cron tool in a WebChat chat: the job announces back to this session
            page.request("chat.send", Map.of("sessionKey", key, "text", "TOOL {\"action\":\"add\",\"id\":"
                    + "\"page-job\",\"schedule\":{\"kind\":\"every\",\"expr\":\"1h\"},\"task\":\"page task\"}"));
            page.await(f -> "chat.final".equals(f.path("event").asText())
                    && "done".equals(f.path("payload").path("text").asText()));
            JsonNode job = CronRestartTest.get(gw, "/api/cron/jobs/page-job");
            assertThat(job.path("delivery").asText()).as(job.toString()).isEqualTo("announce");
            assertThat(job.path("to").asText()).isEqualTo("webchat:" + key);
        }

        // a session nobody has opened: the run fails and says why
        HttpResponse<String> added = gw.post("/api/cron/jobs", """
                {"id":"to-nobody","schedule":{"kind":"every","expr":"1h"},"task":"lost news",
                 "delivery":"announce","to":"webchat:agent:main:webchat:dm:nobody"}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        gw.post("/api/cron/jobs/to-nobody/run", "");
        await().atMost(WAIT).until(() -> runs("to-nobody").size() == 1);
        assertThat(runs("to-nobody").get(0).path("status").asText()).isEqualTo("error");
        assertThat(runs("to-nobody").get(0).path("error").asText()).contains("no session agent:main:webchat:dm:nobody");
        assertThat(gw.post("/api/cron/jobs", """
                {"id":"bad-page","schedule":{"kind":"every","expr":"1h"},"task":"t","delivery":"announce",
                 "to":"webchat:1001"}""").body()).contains("to: a WebChat session is named by its key");
    }

    // ---- helpers ----

    List<String> texts(String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    List<JsonNode> runs(String id) {
        return CronRestartTest.runs(gw, id);
    }
}
