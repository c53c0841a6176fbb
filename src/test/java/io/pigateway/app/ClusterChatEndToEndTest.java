package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.pipeline.lane.kafka.KafkaLanes;
import io.pigateway.testing.EmbeddedKafka;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two real gateways (real pi against the fake LLM) in {@code cluster.mode: kafka} on one embedded
 * broker, with one shared {@code cluster.sessionsDir}: {@code POST /api/chat} on instance A for a
 * session whose partition instance B owns is answered by a turn run on B, and so is a WebSocket
 * {@code chat.send} on A (deltas and final); when B stops, the
 * session moves to A, whose turn finds the history B's turn left.
 */
class ClusterChatEndToEndTest {
    private static final int PARTITIONS = 4;

    @Test
    void chatOnOneInstanceIsAnsweredByTheTurnRunOnTheOther() throws Exception {
        Path dir = Files.createTempDirectory("cluster-chat");
        Path shared = dir.resolve("shared-sessions");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             EmbeddedKafka kafka = EmbeddedKafka.start();
             TestGateway a = TestGateway.start(pi, dir.resolve("a"), 0, 1, cluster(kafka, "a", shared));
             TestGateway b = TestGateway.start(pi, dir.resolve("b"), 0, 1, cluster(kafka, "b", shared))) {
            // a rebalance takes two cooperative rounds; on a loaded 2-core machine that was seen to pass 30 s
            await().atMost(Duration.ofSeconds(90)).until(() -> lanes(a).ownedPartitions().size()
                    + lanes(b).ownedPartitions().size() == PARTITIONS && !lanes(b).ownedPartitions().isEmpty());
            List<String> onB = IntStream.range(0, 1000).mapToObj(i -> "agent:main:cluster-" + i)
                    .filter(k -> lanes(b).ownedPartitions().stream()
                            .anyMatch(p -> p.partition() == EmbeddedKafka.partitionOf(k, PARTITIONS)))
                    .limit(2).toList();
            String key = onB.get(0);

            JsonNode first = a.chat("remember the word kumquat", key);

            assertThat(first.path("_status").asInt()).as(first.toString()).isEqualTo(200);
            assertThat(first.path("reply").asText()).isEqualTo("echo: remember the word kumquat");
            assertThat(first.path("sessionKey").asText()).isEqualTo(key);
            // the turn ran on b: its session index knows the session, a's does not
            assertThat(b.runtime().service().session(key)).isPresent();
            assertThat(a.runtime().service().session(key)).isEmpty();
            // pi wrote the transcript into the shared folder, where any instance finds it
            try (Stream<Path> files = Files.list(shared)) {
                Path transcript = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst()
                        .orElseThrow();
                assertThat(Files.readString(transcript, StandardCharsets.UTF_8)).contains("kumquat");
            }

            // a WebSocket client on a: the events of the turn on b reach it
            try (WsTestClient ws = WsTestClient.open(a.runtime().baseUrl(),
                    Map.of("Authorization", "Bearer " + TestGateway.TOKEN))) {
                JsonNode sent = ws.request("chat.send", Map.of("text", "hello over ws", "sessionKey", onB.get(1)));
                assertThat(sent.path("ok").asBoolean()).as(sent.toString()).isTrue();
                JsonNode done = ws.await(f -> "chat.final".equals(f.path("event").asText()));
                assertThat(done.path("payload").path("text").asText()).isEqualTo("echo: hello over ws");
                assertThat(ws.frames()).filteredOn(f -> "chat.delta".equals(f.path("event").asText())).isNotEmpty();
                assertThat(b.runtime().service().session(onB.get(1))).isPresent();
            }

            JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(b.get("/health", true).body());
            assertThat(health.path("cluster").path("instanceId").asText()).isEqualTo("b");
            assertThat(health.path("cluster").path("consuming").asBoolean()).isTrue();
            assertThat(health.path("cluster").path("partitions")).as(health.toString()).isNotEmpty()
                    .hasSize(lanes(b).ownedPartitions().size());

            // b stops: its partitions move to a, and so does the session, history included
            b.close();
            await().atMost(Duration.ofSeconds(90)).until(() -> lanes(a).ownedPartitions().size() == PARTITIONS);
            llm.clearRequests();
            JsonNode second = a.chat("and now?", key);

            assertThat(second.path("reply").asText()).as(second.toString()).isEqualTo("echo: and now?");
            assertThat(a.runtime().service().session(key)).as("this turn ran on a").isPresent();
            assertThat(FakeLlmServer.allText(llm.requests().get(0)))
                    .as("a's turn has b's in its history (the shared sessions folder)").contains("kumquat");
        }
    }

    private static String cluster(EmbeddedKafka kafka, String id, Path shared) {
        return """
                "cluster": { "mode": "kafka", "instanceId": "%s", "sessionsDir": "%s",
                  "kafka": { "bootstrapServers": "%s", "topic": "chat-lanes", "groupId": "chat", "partitions": %d } }
                """.formatted(id, shared, kafka.bootstrapServers(), PARTITIONS);
    }

    private static KafkaLanes lanes(TestGateway gw) {
        LaneComponent lane = gw.runtime().camel().getRegistry().lookupByNameAndType("lane", LaneComponent.class);
        return (KafkaLanes) lane.getTransport();
    }
}
