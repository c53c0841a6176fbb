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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron across restarts and reloads: runtime jobs and their paused state survive, a config job
 * removed at runtime stays removed until the config changes it, and a job that missed its time
 * while the gateway was down runs once at start (catch-up), not once per missed time. A config
 * reload changes the config's jobs of a running gateway at once (no restart, no wait): jobs added,
 * changed and removed, {@code cron.enabled} switched; a changed {@code at} job that was done runs again.
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

    static String cron(boolean enabled, String... jobs) {
        return "\"cron\": { \"enabled\": " + enabled + ", \"minInterval\": \"1s\", \"jobs\": [ "
                + String.join(", ", jobs) + " ] }";
    }

    static String job(String id, String schedule, String task) {
        return "{ \"id\": \"%s\", \"schedule\": %s, \"task\": \"%s\", \"delivery\": \"silent\" }"
                .formatted(id, schedule, task);
    }

    static final String HOURLY = "{ \"kind\": \"every\", \"expr\": \"1h\" }";
    static final String DAILY = "{ \"kind\": \"cron\", \"expr\": \"0 9 * * *\" }";

    static String at(Instant when) {
        return "{ \"kind\": \"at\", \"expr\": \"" + when + "\" }";
    }

    @Test
    void configJobsFollowAReloadAtOnce() throws Exception {
        Path configFile = dataDir.resolve("gateway.jsonc");
        String first = cron(true, job("a", HOURLY, "a task"), job("b", DAILY, "b task"));
        // no file watch: each reload below is the explicit one, and its answer is checked
        try (TestGateway gw = TestGateway.start(pi, dataDir, 1, 1, "\"watchConfig\": false,", "", first,
                configFile)) {
            assertThat(ids(gw)).containsExactly("a", "b");
            assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/b")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE()).statusCode()).isEqualTo(200);

            // a changed, c added, b unchanged (so it stays removed)
            String second = cron(true, job("a", HOURLY, "a changed"), job("b", DAILY, "b task"),
                    job("c", DAILY, "c task"));
            JsonNode answer = reload(gw, configFile, first, second);
            assertThat(answer.path("applied").toString()).contains("cron.jobs");
            assertThat(answer.path("restartNeeded").toString()).doesNotContain("cron");
            assertThat(ids(gw)).containsExactly("a", "c");
            assertThat(get(gw, "/api/cron/jobs/a").path("task").asText()).isEqualTo("a changed");
            assertThat(gw.runtime().camel().getRoute("cron-c")).isNotNull();

            // a removed, b changed: b is back
            String third = cron(true, job("b", DAILY, "b changed"), job("c", DAILY, "c task"));
            reload(gw, configFile, second, third);
            assertThat(ids(gw)).containsExactly("b", "c");
            assertThat(gw.runtime().camel().getRoute("cron-a")).isNull();
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNotNull();
            assertThat(gw.get("/api/cron/jobs/a", true).statusCode()).isEqualTo(404);

            // cron switched off and on again
            String off = third.replace("\"enabled\": true", "\"enabled\": false");
            reload(gw, configFile, third, off);
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNull();
            assertThat(gw.runtime().camel().getRoute("cron-c")).isNull();
            assertThat(get(gw, "/api/cron/jobs/b").path("enabled").asBoolean()).isFalse();
            reload(gw, configFile, off, third);
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNotNull();
            assertThat(get(gw, "/api/cron/jobs/b").path("enabled").asBoolean()).isTrue();

            // an at job runs once and is done; given a new time by a reload, it runs again
            String once = cron(true, job("once", at(Instant.now().plusSeconds(2)), "once task"));
            reload(gw, configFile, third, once);
            await().atMost(WAIT).until(() -> get(gw, "/api/cron/jobs/once").path("done").asBoolean());
            String again = cron(true, job("once", at(Instant.now().plusSeconds(2)), "once again"));
            reload(gw, configFile, once, again);
            assertThat(get(gw, "/api/cron/jobs/once").path("done").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> runs(gw, "once").size() == 2);
            assertThat(runs(gw, "once").get(0).path("answer").asText()).isEqualTo("echo: once again");
            assertThat(ids(gw)).containsExactly("once");
        }
    }

    /** Replaces the cron section in the file and reloads; the reload's answer. */
    static JsonNode reload(TestGateway gw, Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
        var response = gw.post("/api/config/reload", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
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
