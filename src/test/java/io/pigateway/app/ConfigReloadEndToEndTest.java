package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Reloading the config file of a running gateway (real pi): the model for new turns and the pool
 * size apply at once and the session keeps its history; port, bind and dataDir changes answer
 * "restart needed" and the gateway keeps listening where it did;
 * an invalid file is refused with its key path while the gateway keeps answering; a shorter
 * {@code agent.turnTimeoutMs} times out the next turn while the turn in flight keeps its deadline.
 */
class ConfigReloadEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "agent:main:api:dm:reload";

    @Test
    void modelAndPoolApplyLiveAndAnInvalidFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "", null, file)) {
            assertThat(gw.chat("before", SESSION).path("reply").asText()).isEqualTo("echo: before");
            String original = Files.readString(file);
            Files.writeString(file, original.replace("\"model\": \"fake/fake-echo\"", "\"model\": \"fake/fake-backup\"")
                    .replace("\"max\": 1", "\"max\": 2").replaceFirst("\"port\": \\d+", "\"bind\": \"lan\", \"port\": 1")
                    .replace(dir.resolve("data").toString(), dir.resolve("elsewhere").toString()));

            HttpResponse<String> reload = gw.post("/api/config/reload", "{}");

            assertThat(reload.statusCode()).isEqualTo(200);
            JsonNode answer = JSON.readTree(reload.body());
            assertThat(answer.path("applied").toString()).contains("agent.model", "agent.pool.max");
            assertThat(answer.path("restartNeeded").toString()).contains("gateway.port", "gateway.bind", "gateway.dataDir");
            assertThat(dir.resolve("elsewhere")).as("the running gateway keeps its dataDir").doesNotExist();
            llm.clearRequests();
            assertThat(gw.chat("after", SESSION).path("reply").asText()).isEqualTo("echo: after");
            assertThat(llm.requestedModels()).containsExactly(PiTestRuntime.BACKUP_MODEL);
            assertThat(FakeLlmServer.allText(llm.requests().get(0))).contains("before", "echo: before", "after");

            Files.writeString(file, original.replace("\"max\": 1", "\"max\": \"many\""));
            HttpResponse<String> refused = gw.post("/api/config/reload", "{}");

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid_config").contains("agent.pool.max");
            assertThat(gw.chat("still here", SESSION).path("reply").asText()).isEqualTo("echo: still here");
        }
    }

    @Test
    void aNewTurnTimeoutAppliesToNewTurnsOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 2, "\"watchConfig\": false,", "", null, file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).startsWith("slow")
                    ? FakeLlmServer.defaultReply(request).delayed(3_000) : FakeLlmServer.defaultReply(request));
            CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(
                    () -> gw.chat("slow, started before", "agent:main:api:dm:before"));
            await().atMost(Duration.ofSeconds(30)).until(() -> llm.requestCount() >= 1);
            Files.writeString(file, Files.readString(file).replace("\"turnTimeoutMs\": 60000", "\"turnTimeoutMs\": 1000"));

            JsonNode answer = JSON.readTree(gw.post("/api/config/reload", "{}").body());
            JsonNode late = gw.chat("slow, started after", "agent:main:api:dm:after");

            assertThat(answer.path("applied").toString()).contains("agent.turnTimeoutMs");
            assertThat(late.path("_status").asInt()).as(late.toString()).isEqualTo(504);
            assertThat(inFlight.get(60, TimeUnit.SECONDS).path("reply").asText()).isEqualTo("echo: slow, started before");
        }
    }
}
