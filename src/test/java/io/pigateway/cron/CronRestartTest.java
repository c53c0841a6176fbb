package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron across restarts and reloads: runtime jobs and their paused state survive, a config job
 * removed at runtime stays removed until the config changes it, and a job that missed its time
 * while the gateway was down runs once at start (catch-up), not once per missed time.
 */
class CronRestartTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
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

    static String config(String cfgTask) {
        return """
                "cron": { "enabled": true, "minInterval": "1s",
                  "jobs": [ { "id": "cfg", "schedule": { "kind": "every", "expr": "1h" }, "task": "%s",
                              "delivery": "silent" } ] }
                """.formatted(cfgTask);
    }

    @Test
    void runtimeJobsSurviveRemovedConfigJobsStayRemovedMissedRunsCatchUpOnce() throws Exception {
        Path configFile = Files.createTempFile(dataDir, "gw", ".jsonc");
        try (TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, config("config task"), configFile)) {
            assertThat(ids(gw)).containsExactly("cfg");
            assertThat(gw.post("/api/cron/jobs", """
                    {"id":"keep","schedule":{"kind":"every","expr":"1h"},"task":"kept","delivery":"silent"}""")
                    .statusCode()).isEqualTo(200);
            assertThat(gw.post("/api/cron/jobs/keep/pause", "").statusCode()).isEqualTo(200);
            assertThat(gw.post("/api/cron/jobs", """
                    {"id":"miss","schedule":{"kind":"every","expr":"2s"},"task":"missed task","delivery":"silent"}""")
                    .statusCode()).isEqualTo(200);
            assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/cfg")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE()).statusCode()).isEqualTo(200);
            assertThat(ids(gw)).containsExactly("keep", "miss");
        }
        Thread.sleep(5000); // the gateway is down for more than two of miss's intervals

        try (TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, config("config task"), configFile)) {
            assertThat(ids(gw)).containsExactly("keep", "miss");
            JsonNode keep = get(gw, "/api/cron/jobs/keep");
            assertThat(keep.path("origin").asText()).isEqualTo("runtime");
            assertThat(keep.path("paused").asBoolean()).isTrue();
            assertThat(keep.path("enabled").asBoolean()).isFalse();
            // one catch-up run at start, whatever was missed
            await().atMost(WAIT).until(() -> runs(gw, "miss").stream()
                    .anyMatch(r -> "catch-up".equals(r.path("trigger").asText())));
            gw.post("/api/cron/jobs/miss/pause", "");
            await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true); // a run in flight ends
            assertThat(runs(gw, "miss")).filteredOn(r -> "catch-up".equals(r.path("trigger").asText())).hasSize(1);

            // a config change brings the removed config job back (the config is re-read on reload)
            String changed = Files.readString(configFile).replace("config task", "changed task");
            Files.writeString(configFile, changed);
            assertThat(gw.post("/api/config/reload", "").statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> ids(gw).contains("cfg"));
            assertThat(get(gw, "/api/cron/jobs/cfg").path("task").asText()).isEqualTo("changed task");
        }
    }

    static List<String> ids(TestGateway gw) {
        List<String> ids = new ArrayList<>();
        get(gw, "/api/cron/jobs").path("jobs").forEach(j -> ids.add(j.path("id").asText()));
        return ids;
    }

    static List<JsonNode> runs(TestGateway gw, String id) {
        List<JsonNode> out = new ArrayList<>();
        get(gw, "/api/cron/jobs/" + id + "/runs").path("runs").forEach(out::add);
        return out;
    }

    static JsonNode get(TestGateway gw, String path) {
        try {
            return JSON.readTree(gw.get(path, true).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
