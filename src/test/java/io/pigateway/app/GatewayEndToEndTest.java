package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway end to end: HTTP in, real routes, the real pi against the fake LLM, and back.
 * One pi process (pool max 1) serves every session here, so history isolation is real.
 */
class GatewayEndToEndTest {
    static FakeLlmServer llm;
    static PiTestRuntime pi;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void fakes() {
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
    }

    @AfterAll
    static void stopFakes() {
        pi.close();
        llm.close();
    }

    @Test
    void chatRoundTripIsolationRestartCrashAndNoOrphans() throws Exception {
        String alice = "agent:main:api:dm:alice";
        String bob = "agent:main:api:dm:bob";
        List<Long> pids;
        try (TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, null)) {
            // health needs no token; the API does
            assertThat(gw.get("/health", false).statusCode()).isEqualTo(200);
            assertThat(gw.get("/health", false).body()).contains("\"status\":\"ok\"");
            assertThat(gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url("/api/chat")))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}")))
                    .statusCode()).isEqualTo(401);

            // a form body (curl -d without a content type) gets a clear 415; nothing is echoed back
            var form = gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url("/api/chat")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}")));
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(form.body()).contains("Content-Type: application/json");
            assertThat(form.headers().firstValue("Authorization")).isEmpty();
            assertThat(gw.post("/api/chat", "{not json").statusCode()).isEqualTo(400);
            assertThat(gw.post("/api/chat", "{\"message\":\"hi\",\"sessionKey\":\"../../etc\"}").statusCode())
                    .isEqualTo(400);

            JsonNode first = gw.chat("hello gateway", null);
            assertThat(first.path("_status").asInt()).isEqualTo(200);
            assertThat(first.path("reply").asText()).isEqualTo("echo: hello gateway");
            assertThat(first.path("sessionKey").asText()).startsWith("agent:main:");

            // two sessions on one process keep their own histories
            assertThat(gw.chat("alpha from alice", alice).path("reply").asText()).isEqualTo("echo: alpha from alice");
            assertThat(gw.chat("beta from bob", bob).path("reply").asText()).isEqualTo("echo: beta from bob");
            assertThat(FakeLlmServer.allText(lastRequest())).contains("beta from bob").doesNotContain("alpha");
            assertThat(gw.chat("again alice", alice).path("reply").asText()).isEqualTo("echo: again alice");
            assertThat(FakeLlmServer.allText(lastRequest())).contains("alpha from alice").doesNotContain("beta");
            assertThat(gw.runtime().pi().getPool("main").pids()).hasSize(1);

            // a pi child killed with SIGKILL: the next message is still answered
            long victim = gw.runtime().pi().getPool("main").pids().get(0);
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(victim).map(p -> !p.isAlive()).orElse(true));
            JsonNode afterCrash = gw.chat("after the crash", bob);
            assertThat(afterCrash.path("reply").asText()).as(afterCrash.toString()).isEqualTo("echo: after the crash");
            pids = gw.runtime().pi().getPool("main").pids();
            assertThat(pids).isNotEmpty().doesNotContain(victim);
        }
        // no pi process outlives the gateway
        for (long pid : pids) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }

        // history survives a gateway restart (same data dir)
        try (TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, null)) {
            assertThat(gw.chat("remember me?", alice).path("reply").asText()).isEqualTo("echo: remember me?");
            assertThat(FakeLlmServer.allText(lastRequest())).contains("alpha from alice", "again alice");
            JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.get("/health", false).body());
            assertThat(health.path("sessions").asInt()).isGreaterThanOrEqualTo(3);
        }
    }

    private static JsonNode lastRequest() {
        List<JsonNode> requests = llm.requests();
        return requests.get(requests.size() - 1);
    }
}
