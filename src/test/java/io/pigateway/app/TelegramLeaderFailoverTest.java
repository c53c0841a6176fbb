package io.pigateway.app;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways (one JVM, real pi on the fake LLM) share one PostgreSQL store and one bot of the fake
 * Telegram server: only the leader polls, and a gateway that joins leaves the leader's turn in
 * flight (its journal entry) alone; when the leader stops, or when its database connection is cut,
 * the other takes the polling (and the cron scheduler) over within seconds, from the shared offset,
 * and no message is answered twice.
 */
class TelegramLeaderFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration FAILOVER = Duration.ofSeconds(10);
    private static final String BOT = "7301:shared-bot";
    private static final String LEADS = "telegram-default";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onlyTheLeaderPollsAndTheOtherTakesOverWhenItStopsOrLosesTheDatabase() throws Exception {
        PostgresTarget db = TestPostgres.shared().freshDatabase("failover", 4);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            // "slow" answers take ~3 s: a turn still in flight on the leader when the second gateway starts
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("slow")
                    ? Reply.chunked("echo: " + FakeLlmServer.lastUserText(request), 4).chunkDelay(400)
                    : FakeLlmServer.defaultReply(request));
            String config = config(telegram, db);
            TestGateway a = TestGateway.start(pi, dir.resolve("a"), 1, 1, config);
            TestGateway b = null;
            try {
                await().atMost(FAILOVER).until(() -> leads(a));
                say(telegram, "one", 1);
                telegram.addMessage(BOT, privateText(61, "slow two"));
                await().atMost(WAIT).until(() -> llm.requests().stream()
                        .anyMatch(r -> FakeLlmServer.lastUserText(r).contains("slow two")));
                // its journal entry is in the shared store now: the second gateway must leave it to the leader
                b = TestGateway.start(pi, dir.resolve("b"), 1, 1, config);
                TestGateway second = b;
                assertThat(health(b).path("cluster").path("leader").has(LEADS)).isTrue();
                await().atMost(WAIT).until(() -> texts(telegram).size() >= 2);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> leads(a) && !leads(second));
                assertThat(leads(a, "cron") && !leads(b, "cron")).as("the cron scheduler runs on the first one too").isTrue();
                assertThat(a.runtime().camel().getRoute("cron-daily")).as("the leader schedules the job").isNotNull();
                assertThat(b.runtime().camel().getRoute("cron-daily")).as("the follower does not").isNull();

                long stopped = System.nanoTime();
                a.close();
                await().atMost(FAILOVER).until(() -> leads(second) && leads(second, "cron")
                        && second.runtime().camel().getRoute("cron-daily") != null);
                long afterStop = (System.nanoTime() - stopped) / 1_000_000;
                say(telegram, "three", 3);

                TestGateway third = TestGateway.start(pi, dir.resolve("a2"), 1, 1, config);
                try {
                    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                            .until(() -> !leads(third) && leads(second));
                    long cut = System.nanoTime();
                    TestPostgres.shared().admin("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d"
                            + " ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '"
                            + db.url().substring(db.url().lastIndexOf('/') + 1) + "'");
                    await().atMost(FAILOVER).until(() -> leads(third) && !leads(second));
                    long afterCut = (System.nanoTime() - cut) / 1_000_000;
                    say(telegram, "four", 4);
                    System.out.printf("telegram polling fail-over: %d ms after the leader stopped, %d ms after its"
                            + " database connection was cut%n", afterStop, afterCut);
                } finally {
                    third.close();
                }
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
            assertThat(texts(telegram)).as("each message answered once, in order")
                    .containsExactly("echo: one", "echo: slow two", "echo: three", "echo: four");
        }
    }

    /** Sends a DM and waits until it has been answered {@code answered} times in all. */
    private static void say(FakeTelegramServer telegram, String text, int answered) {
        telegram.addMessage(BOT, privateText(61, text));
        await().atMost(WAIT).until(() -> texts(telegram).size() >= answered);
    }

    private static List<String> texts(FakeTelegramServer telegram) {
        return telegram.messagesIn("61").stream().map(FakeTelegramServer.Sent::text).toList();
    }

    private static boolean leads(TestGateway gw) {
        return leads(gw, LEADS);
    }

    private static boolean leads(TestGateway gw, String namespace) {
        return health(gw).path("cluster").path("leader").path(namespace).asBoolean(false);
    }

    private static JsonNode health(TestGateway gw) {
        try {
            return JSON.readTree(gw.get("/health", true).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String config(FakeTelegramServer telegram, PostgresTarget db) {
        return """
                "cron": { "enabled": true, "jobs": [ { "id": "daily", "task": "daily task", "delivery": "silent",
                  "schedule": { "kind": "cron", "expr": "0 9 * * *" } } ] },
                "store": { "kind": "postgres", "postgres": { "url": "%s", "user": "%s", "poolSize": 4 } },
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                  "dmPolicy": "open", "streamingMode": "off" } }
                """.formatted(db.url(), db.user(), telegram.baseUrl(), BOT);
    }
}
