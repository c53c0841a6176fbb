package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.drainTimeoutMs} changed by a reload is the one the next restart drains with (and
 * how long pi outlives a SIGTERM): started with two minutes, reloaded to one second, a turn that
 * would stream for half a minute is cut at the new deadline, with real pi and the fake LLM.
 */
class DrainTimeoutReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ENDLESS = "an answer that would take half a minute to stream";

    @Test
    void theNextRestartDrainsWithTheReloadedTimeout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1,
                     "\"watchConfig\": false, \"drainTimeoutMs\": 120000,", "", null, file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("ENDLESS")
                    ? Reply.chunked(ENDLESS, 1).chunkDelay(600) : FakeLlmServer.defaultReply(request));

            JsonNode diff = JSON.readTree(gw.reload(file,
                    config -> config.replace("\"drainTimeoutMs\": 120000", "\"drainTimeoutMs\": 1000")));

            assertThat(diff.path("applied").toString()).contains("gateway.drainTimeoutMs");
            assertThat(diff.path("restartNeeded")).as("nothing waits for a restart").isEmpty();
            assertThat(PiRpcComponent.processHoldOnShutdownMs()).as("pi outlives a SIGTERM by the new drain")
                    .isEqualTo(1000 + GatewayDrain.ABORT_GRACE_MS);

            CompletableFuture<JsonNode> endless = CompletableFuture.supplyAsync(
                    () -> gw.chat("ENDLESS story please", "agent:main:api:dm:endless"));
            await().atMost(WAIT).until(() -> llm.requestCount() >= 1); // the turn is streaming
            long asked = System.nanoTime();
            HttpResponse<String> restart = gw.post("/api/gateway/restart", "{}");

            assertThat(restart.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(restart.body()).path("drainTimeoutMs").asLong()).isEqualTo(1000);
            JsonNode cut = endless.get(60, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertThat(cut.toString()).as("aborted, not streamed to the end").doesNotContain(ENDLESS);
            assertThat(tookMs).as("cut at the reloaded 1 s deadline (+ the abort), not after the 30 s stream")
                    .isLessThan(15_000);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(gw.chat("back again", null).path("reply").asText()).isEqualTo("echo: back again"));
        }
    }
}
