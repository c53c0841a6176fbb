package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.pipeline.lane.kafka.KafkaLanes;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.EmbeddedKafka;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of two instances (one JVM, real pi on the fake LLM) on an embedded Kafka broker
 * and one PostgreSQL store: each shows the partitions it owns, its lane lag and its leader roles,
 * tagged with its instance id; a turn held at the model shows up as lag until it is answered.
 */
@Tag("cluster") // ./mvnw -Pcluster test (CI runs it)
class ClusterMetricsTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void eachInstanceScrapesItsPartitionsLagAndLeaderRoles() throws Exception {
        PostgresTarget db = TestPostgres.shared().freshDatabase("metrics", 4);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             EmbeddedKafka kafka = EmbeddedKafka.start()) {
            llm.setResponder(request -> {
                if (FakeLlmServer.lastUserText(request).contains("hold")) {
                    try { // the turn waits at the model: its lane message is not committed meanwhile
                        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return FakeLlmServer.defaultReply(request);
            });
            try (TestGateway a = TestGateway.start(pi, dir.resolve("a"), 0, 1, config(kafka, db, "a"))) {
                await().atMost(WAIT).until(() -> scrape(a).contains(
                        "pigateway_cluster_leader{instance=\"a\",role=\"cron\"} 1.0"));
                try (TestGateway b = TestGateway.start(pi, dir.resolve("b"), 0, 1, config(kafka, db, "b"))) {
                    await().atMost(WAIT).until(() -> owned(a) + owned(b) == PARTITIONS && owned(b) > 0);
                    String fromB = scrape(b);
                    assertThat(fromB)
                            .contains("# TYPE pigateway_cluster_partitions_owned gauge")
                            .contains("pigateway_cluster_leader{instance=\"b\",role=\"cron\"} 0.0")
                            .contains("pigateway_cluster_partitions_owned{instance=\"b\"} "
                                    + lanes(b).ownedPartitions().size() + ".0");
                    assertThat(gauge(fromB, "pigateway_cluster_lag{instance=\"b\"}")).isZero();
                    assertThat(scrape(a)).contains("pigateway_cluster_partitions_owned{instance=\"a\"} "
                            + lanes(a).ownedPartitions().size() + ".0");

                    CompletableFuture<?> held = CompletableFuture.supplyAsync(() -> a.chat("hold this", "agent:main:held"));
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                            gauge(scrape(a), "pigateway_cluster_lag{instance=\"a\"}")
                                    + gauge(scrape(b), "pigateway_cluster_lag{instance=\"b\"}") == 1);
                    release.countDown();
                    assertThat(held.get(60, TimeUnit.SECONDS).toString()).contains("echo: hold this");
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                            gauge(scrape(a), "pigateway_cluster_lag{instance=\"a\"}")
                                    + gauge(scrape(b), "pigateway_cluster_lag{instance=\"b\"}") == 0);
                }
            }
        } finally {
            release.countDown();
        }
    }

    private static String config(EmbeddedKafka kafka, PostgresTarget db, String id) {
        return """
                "store": { "kind": "postgres", "postgres": { "url": "%s", "user": "%s", "poolSize": 4 } },
                "cron": { "enabled": true, "jobs": [ { "id": "daily", "task": "daily task", "delivery": "silent",
                  "schedule": { "kind": "cron", "expr": "0 9 * * *" } } ] },
                "cluster": { "mode": "kafka", "instanceId": "%s",
                  "kafka": { "bootstrapServers": "%s", "topic": "metrics-lanes", "groupId": "metrics",
                             "partitions": %d } }
                """.formatted(db.url(), db.user(), id, kafka.bootstrapServers(), PARTITIONS);
    }

    private static String scrape(TestGateway gw) {
        return gw.get("/metrics", true).body();
    }

    private static int owned(TestGateway gw) {
        return lanes(gw).ownedPartitions().size();
    }

    /** A sample's value in the Prometheus text; NaN when the line is missing. */
    private static double gauge(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static KafkaLanes lanes(TestGateway gw) {
        LaneComponent lane = gw.runtime().camel().getRegistry().lookupByNameAndType("lane", LaneComponent.class);
        return (KafkaLanes) lane.getTransport();
    }
}
