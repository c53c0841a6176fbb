package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running gateway with {@code agent.modelFailover}: a rate-limited primary is answered by the
 * fallback within the same {@code POST /api/chat}; the session and {@code /health} show it.
 */
class ModelFailoverEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFallbackAnswersAndTheSessionAndHealthShowIt(@TempDir Path dataDir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, "",
                     "\"modelFailover\": { \"fallbacks\": [\"fake/fake-backup\"], \"maxRetries\": 0, \"cooldownMs\": 600000 },",
                     null)) {
            llm.failModel(PiTestRuntime.MODEL, 429);

            JsonNode answer = gw.chat("are you there?", "agent:main:api:dm:fo");

            assertThat(answer.path("_status").asInt()).isEqualTo(200);
            assertThat(answer.path("reply").asText()).isEqualTo("echo: are you there?");
            JsonNode session = JSON.readTree(gw.get("/api/session/agent:main:api:dm:fo", true).body());
            assertThat(session.toString()).contains("\"model\":\"fake/fake-backup\"");
            JsonNode health = JSON.readTree(gw.get("/health", true).body());
            assertThat(health.path("models").path("fake/fake-echo").path("state").asText()).isEqualTo("cooling");
            assertThat(health.path("models").path("fake/fake-echo").path("failovers").asLong()).isEqualTo(1);
            assertThat(health.path("models").path("fake/fake-backup").path("answers").asLong()).isEqualTo(1);
            assertThat(gw.get("/metrics", true).body()).contains("pigateway_failovers_total{model=\"fake/fake-echo\"} 1.0")
                    .contains("pigateway_failovers_total{model=\"fake/fake-backup\"} 0.0");
        }
    }
}
