package io.pigateway.cron;

import static io.pigateway.testing.FakeTelegramServer.botUsername;
import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.withMention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    static final ObjectMapper JSON = new ObjectMapper();

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
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

    // ---- helpers ----

    List<String> texts(String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    List<JsonNode> runs(String id) {
        List<JsonNode> out = new ArrayList<>();
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
}
