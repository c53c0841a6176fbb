package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload changes the config's jobs of a running gateway at once (no restart, no wait):
 * jobs added, changed and removed, {@code cron.enabled} switched; a config job removed at runtime
 * stays removed while its definition is unchanged; a changed {@code at} job that was done runs again.
 */
class CronReloadTest {
    static final Duration WAIT = Duration.ofSeconds(60);
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
            assertThat(CronRestartTest.ids(gw)).containsExactly("a", "b");
            assertThat(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/cron/jobs/b")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN).DELETE()).statusCode()).isEqualTo(200);

            // a changed, c added, b unchanged (so it stays removed)
            String second = cron(true, job("a", HOURLY, "a changed"), job("b", DAILY, "b task"),
                    job("c", DAILY, "c task"));
            JsonNode answer = reload(gw, configFile, first, second);
            assertThat(answer.path("applied").toString()).contains("cron.jobs");
            assertThat(answer.path("restartNeeded").toString()).doesNotContain("cron");
            assertThat(CronRestartTest.ids(gw)).containsExactly("a", "c");
            assertThat(CronRestartTest.get(gw, "/api/cron/jobs/a").path("task").asText()).isEqualTo("a changed");
            assertThat(gw.runtime().camel().getRoute("cron-c")).isNotNull();

            // a removed, b changed: b is back
            String third = cron(true, job("b", DAILY, "b changed"), job("c", DAILY, "c task"));
            reload(gw, configFile, second, third);
            assertThat(CronRestartTest.ids(gw)).containsExactly("b", "c");
            assertThat(gw.runtime().camel().getRoute("cron-a")).isNull();
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNotNull();
            assertThat(gw.get("/api/cron/jobs/a", true).statusCode()).isEqualTo(404);

            // cron switched off and on again
            String off = third.replace("\"enabled\": true", "\"enabled\": false");
            reload(gw, configFile, third, off);
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNull();
            assertThat(gw.runtime().camel().getRoute("cron-c")).isNull();
            assertThat(CronRestartTest.get(gw, "/api/cron/jobs/b").path("enabled").asBoolean()).isFalse();
            reload(gw, configFile, off, third);
            assertThat(gw.runtime().camel().getRoute("cron-b")).isNotNull();
            assertThat(CronRestartTest.get(gw, "/api/cron/jobs/b").path("enabled").asBoolean()).isTrue();

            // an at job runs once and is done; given a new time by a reload, it runs again
            String once = cron(true, job("once", at(Instant.now().plusSeconds(2)), "once task"));
            reload(gw, configFile, third, once);
            await().atMost(WAIT).until(() -> CronRestartTest.get(gw, "/api/cron/jobs/once").path("done").asBoolean());
            String again = cron(true, job("once", at(Instant.now().plusSeconds(2)), "once again"));
            reload(gw, configFile, once, again);
            assertThat(CronRestartTest.get(gw, "/api/cron/jobs/once").path("done").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> CronRestartTest.runs(gw, "once").size() == 2);
            assertThat(CronRestartTest.runs(gw, "once").get(0).path("answer").asText()).isEqualTo("echo: once again");
            assertThat(CronRestartTest.ids(gw)).containsExactly("once");
        }
    }

    /** Replaces the cron section in the file and reloads; the reload's answer. */
    static JsonNode reload(TestGateway gw, Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
        var response = gw.post("/api/config/reload", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return CronRestartTest.JSON.readTree(response.body());
    }
}
