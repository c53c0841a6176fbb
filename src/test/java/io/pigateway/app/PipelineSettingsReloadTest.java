package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading the queue settings and the roles of a running gateway (real pi): the messages that
 * follow the reload use the new queue mode and cap while the turn in flight finishes, and a role
 * added by a reload serves turns at once.
 */
class PipelineSettingsReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "agent:main:api:dm:queue";

    @TempDir
    Path dir;

    @Test
    void newQueueSettingsApplyToTheMessagesThatFollow() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,",
                     "\"queue\": { \"mode\": \"followup\", \"maxPerSession\": 5 },", null, file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).startsWith("slow")
                    ? FakeLlmServer.defaultReply(request).delayed(3_000) : FakeLlmServer.defaultReply(request));
            CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> gw.chat("slow first", SESSION));
            await().atMost(Duration.ofSeconds(30)).until(() -> llm.requestCount() >= 1);
            Files.writeString(file, Files.readString(file).replace("\"mode\": \"followup\", \"maxPerSession\": 5",
                    "\"mode\": \"collect\", \"maxPerSession\": 2"));

            JsonNode answer = JSON.readTree(gw.post("/api/config/reload", "{}").body());
            CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> gw.chat("second", SESSION));
            LaneDispatcher lanes = gw.runtime().bean(LaneDispatcher.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> lanes.queuedCount(SESSION) == 1);
            CompletableFuture<JsonNode> third = CompletableFuture.supplyAsync(() -> gw.chat("third", SESSION));
            await().atMost(Duration.ofSeconds(10)).until(() -> lanes.queuedCount(SESSION) == 2);
            JsonNode fourth = gw.chat("fourth", SESSION);

            assertThat(answer.path("applied").toString()).contains("agent.queue.mode", "agent.queue.maxPerSession");
            assertThat(fourth.path("_status").asInt()).as("the new cap of 2").isEqualTo(429);
            assertThat(first.get(60, TimeUnit.SECONDS).path("reply").asText()).isEqualTo("echo: slow first");
            assertThat(second.get(60, TimeUnit.SECONDS).path("reply").asText()).contains("second", "third");
            assertThat(third.get(60, TimeUnit.SECONDS).path("reply").asText()).contains("second", "third");
            assertThat(llm.requestCount()).as("collect: the two queued messages ran as one turn").isEqualTo(2);
        }
    }

    @Test
    void aRoleAddedByAReloadServesTurnsAtOnce() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                     "\"roles\": { \"capabilities\": {} }", file)) {
            String request = "{\"model\":\"pi:mentor\",\"user\":\"ann\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<String> unknown = gw.post("/v1/chat/completions", request);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("does not exist");
            Files.writeString(file, Files.readString(file).replace("\"capabilities\": {}",
                    "\"capabilities\": { \"mentor\": { \"skills\": [] } }"));

            JsonNode answer = JSON.readTree(gw.post("/api/config/reload", "{}").body());
            HttpResponse<String> served = gw.post("/v1/chat/completions", request);

            assertThat(answer.path("applied").toString()).contains("roles.capabilities.mentor");
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(JSON.readTree(served.body()).at("/choices/0/message/content").asText()).isEqualTo("echo: hi");
            assertThat(gw.runtime().pi().getPools()).containsKey("role-mentor");
            assertThat(gw.get("/v1/models", true).body()).contains("pi:mentor");
        }
    }
}
