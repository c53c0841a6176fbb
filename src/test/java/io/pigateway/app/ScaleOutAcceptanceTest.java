package io.pigateway.app;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.EmbeddedKafka;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.TestPostgres;
import io.pigateway.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out acceptance test (issue 20): three gateways in their own JVMs, real pi against the fake
 * LLM, {@code cluster.mode: kafka} on an in-JVM Kafka broker, {@code store.kind: postgres} on an
 * embedded PostgreSQL, one shared sessions folder. 200 API sessions x 5 messages through the two
 * instances that survive, and 20 Telegram chats x 5 messages polled by the third, the Telegram leader,
 * which is killed with SIGKILL mid-load: every message answered once, in order, from its own session's
 * history (the fake LLM answers with the user messages it was given); the polling fails over; a
 * WebSocket client on one instance gets the answer of a turn run on another.
 */
@Tag("cluster") // ./mvnw -Pcluster test (CI runs it)
class ScaleOutAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 12;
    private static final int SESSIONS = 200;
    private static final int CHATS = 20;
    private static final int MESSAGES = 5;
    private static final String BOT = "7402:scale-bot";
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // the gateways' logs stay when it fails
    Path dir;

    @Test
    void threeInstancesAnswerEveryMessageOnceInOrderThroughAKillOfOne() throws Exception {
        long t0 = System.nanoTime();
        PostgresTarget db = TestPostgres.shared().freshDatabase("scaleout", 4);
        Set<String> delayed = ConcurrentHashMap.newKeySet();
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer(); EmbeddedKafka kafka = EmbeddedKafka.start();
             ClusterOfJvms cluster = new ClusterOfJvms()) {
            // "slow ..." messages wait for the model the first time only: in flight when the leader dies
            llm.setResponder(request -> {
                FakeLlmServer.Reply reply = HistoryEcho.reply(request);
                String last = FakeLlmServer.lastUserText(request);
                return last.startsWith("slow") && delayed.add(last) ? reply.delayed(15_000) : reply;
            });
            for (String id : List.of("a", "b", "c")) {
                cluster.add(GatewayJvm.start(Files.createDirectories(dir.resolve(id)),
                        config(dir.resolve(id), id, pi, telegram, kafka, db), id + ".log"));
            }
            cluster.awaitReady(PARTITIONS);
            GatewayJvm victim = cluster.telegramLeader().orElseThrow();
            List<GatewayJvm> survivors = cluster.others(victim);
            double startSeconds = (System.nanoTime() - t0) / 1e9;

            webSocketOnOneInstanceGetsTheTurnRunOnAnother(cluster, survivors.get(0), survivors.get(1));

            // the load: API sessions through the survivors, Telegram chats through the leader
            ApiLoad api = ApiLoad.start(survivors, SESSIONS, MESSAGES);
            for (int m = 1; m <= MESSAGES; m++) {
                for (int c = 1; c <= CHATS; c++) {
                    telegram.addMessage(BOT, privateText(c, "t" + c + " m" + m));
                }
            }
            long slowOnVictim = chatOn(cluster.partitions(victim), 1000);
            long slowOnSurvivor = chatOn(cluster.partitions(survivors.get(0)), 2000);
            telegram.addMessage(BOT, privateText(slowOnVictim, "slow on the victim"));
            telegram.addMessage(BOT, privateText(slowOnSurvivor, "slow on a survivor"));
            await().atMost(WAIT).until(() -> api.answered() >= SESSIONS * MESSAGES / 3
                    && requests(llm, "slow on the victim") == 1 && requests(llm, "slow on a survivor") == 1);
            long killedAt = System.nanoTime();
            int answeredAtKill = api.answered();
            victim.kill();

            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.telegramLeader().filter(survivors::contains)
                    .isPresent());
            double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            telegram.addMessage(BOT, privateText(1, "t1 m6"));
            api.awaitDone(WAIT);
            await().atMost(WAIT).until(() -> telegram.calls("sendMessage").size() >= CHATS * MESSAGES + 3);
            // nothing more comes: a duplicate of a last message would show here
            int sent = telegram.calls("sendMessage").size();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> telegram.calls("sendMessage").size() == sent);

            // every API message answered once, in order, from its own session's history
            List<String> wrong = new ArrayList<>();
            for (int n = 0; n < SESSIONS; n++) {
                for (int m = 1; m <= MESSAGES; m++) {
                    String text = "s" + n + " m" + m;
                    if (!api.answers(text).equals(List.of("200 " + HistoryEcho.expected("s" + n, m)))) {
                        wrong.add(text + " -> " + api.answers(text));
                    }
                }
            }
            assertThat(wrong).as("API answers not as expected (logs in %s)", dir).isEmpty();
            // every Telegram message answered once, in order; the slow ones once each
            for (int c = 1; c <= CHATS; c++) {
                String chat = "t" + c;
                List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, MESSAGES)
                        .mapToObj(m -> HistoryEcho.expected(chat, m)).toList());
                if (c == 1) {
                    expected.add(HistoryEcho.expected("t1", 6)); // taken in by the new leader
                }
                assertThat(texts(telegram, c)).as("chat %d", c).containsExactlyElementsOf(expected);
            }
            assertThat(texts(telegram, slowOnVictim)).containsExactly("echo: slow on the victim | seen: ");
            assertThat(texts(telegram, slowOnSurvivor)).containsExactly("echo: slow on a survivor | seen: ");
            assertThat(requests(llm, "slow on the victim")).as("its turn died with the victim: run again").isEqualTo(2);
            assertThat(requests(llm, "slow on a survivor")).as("the new leader leaves it to the lanes").isEqualTo(1);
            Set<Integer> victimPartitions = cluster.partitionsBeforeKill(victim);
            assertThat(api.answeredAfter(killedAt, k -> victimPartitions.contains(EmbeddedKafka.partitionOf(k,
                    PARTITIONS)))).as("the victim's sessions went on on the others").isPositive();

            List<String> ranTwice = llm.requests().stream().map(FakeLlmServer::lastUserText).distinct()
                    .filter(t -> requests(llm, t) > 1).toList();
            long reruns = ranTwice.size(); // the victim's turns in flight (its pool holds 3 pi), see the README
            System.out.println("scale-out acceptance: ran twice " + ranTwice);
            System.out.printf("scale-out acceptance: 3 instances up in %.1f s; %d API + %d Telegram turns; "
                            + "killed the leader after %d answers; polling failed over in %.1f s; %d turns ran twice "
                            + "(running at the kill), 0 answered twice; %.1f s in all%n",
                    startSeconds, SESSIONS * MESSAGES, CHATS * MESSAGES + 3, answeredAtKill, failoverSeconds, reruns,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void webSocketOnOneInstanceGetsTheTurnRunOnAnother(ClusterOfJvms cluster, GatewayJvm a, GatewayJvm b)
            throws Exception {
        Set<Integer> onB = cluster.partitions(b);
        String key = IntStream.range(0, 1000).mapToObj(i -> "agent:main:ws-" + i)
                .filter(k -> onB.contains(EmbeddedKafka.partitionOf(k, PARTITIONS))).findFirst().orElseThrow();
        try (WsTestClient ws = WsTestClient.open(a.baseUrl(), Map.of("Authorization", "Bearer " + TestGateway.TOKEN))) {
            JsonNode sent = ws.request("chat.send", Map.of("text", "hello over ws", "sessionKey", key));
            assertThat(sent.path("ok").asBoolean()).as(sent.toString()).isTrue();
            JsonNode done = ws.await(f -> "chat.final".equals(f.path("event").asText()));
            assertThat(done.path("payload").path("text").asText()).isEqualTo("echo: hello over ws | seen: ");
        }
        assertThat(cluster.partitions(a)).as("the session's partition is b's, not a's")
                .doesNotContain(EmbeddedKafka.partitionOf(key, PARTITIONS));
    }

    /** A Telegram user id from {@code from} on whose DM session's partition is one of {@code partitions}. */
    private static long chatOn(Set<Integer> partitions, long from) {
        return java.util.stream.LongStream.iterate(from, i -> i + 1)
                .filter(u -> partitions.contains(EmbeddedKafka.partitionOf("agent:main:telegram:dm:" + u, PARTITIONS)))
                .findFirst().orElseThrow();
    }

    private static long requests(FakeLlmServer llm, String text) {
        return llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).equals(text)).count();
    }

    private static List<String> texts(FakeTelegramServer telegram, long chat) {
        return telegram.messagesIn(Long.toString(chat)).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    private static String config(Path home, String id, PiTestRuntime pi, FakeTelegramServer telegram, EmbeddedKafka kafka,
                                 PostgresTarget db) {
        String gateway = GatewayJvm.telegramConfig(home, pi, telegram, BOT,
                // no sandbox: bwrap's transcript slot of a turn running at the kill stays with the dead instance
                ", \"pool\": { \"min\": 1, \"max\": 3 }, \"queue\": { \"mode\": \"followup\" }, \"sandbox\": \"none\"",
                ", \"http\": { \"warmUpRounds\": 0 }");
        return GatewayJvm.withSections(gateway, """
                "store": { "kind": "postgres", "postgres": { "url": "%s", "user": "%s", "poolSize": 4 } },
                "cluster": { "mode": "kafka", "instanceId": "%s", "sessionsDir": "%s",
                  "kafka": { "bootstrapServers": "%s", "partitions": %d, "sessionTimeoutMs": 3000 } }
                """.formatted(db.url(), db.user(), id, home.getParent().resolve("shared-sessions"),
                kafka.bootstrapServers(), PARTITIONS));
    }

    static JsonNode health(GatewayJvm gw) {
        try {
            return JSON.readTree(gw.get("/health").body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
