package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.cluster.LeaderOnly;
import io.pigateway.testing.TestPostgres;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election on PostgreSQL advisory locks: two instances (Camel contexts) on one database,
 * one leads; the other takes over when the leader stops or loses its database connection.
 */
class PostgresClusterServiceTest {
    private static final String NAMESPACE = "telegram-default";

    private PostgresTarget db;
    private Instance a;
    private Instance b;

    /** One gateway instance as far as leadership goes: a context, its cluster service, a leader-only job. */
    private final class Instance {
        final CamelContext camel = new DefaultCamelContext();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        LeaderOnly job;

        /** @param hang when set, the instance's election thread hangs in its first start until it opens */
        Instance(String id, CountDownLatch hang) throws Exception {
            camel.addService(new PostgresClusterService(db, id, 200));
            camel.start();
            job = LeaderOnly.run(camel, NAMESPACE, () -> {
                running.incrementAndGet();
                starts.incrementAndGet();
                if (hang != null) {
                    awaitQuietly(hang);
                }
            }, running::decrementAndGet);
        }

        boolean leads() {
            return running.get() == 1;
        }

        void stop() {
            job.close();
            camel.stop();
        }
    }

    @BeforeEach
    void database() {
        db = TestPostgres.shared().freshDatabase("leader", 2);
    }

    /** a leads first (its election thread hanging in the start when {@code hang} is set), then b joins. */
    private void twoInstances(CountDownLatch hang) throws Exception {
        a = new Instance("a", hang);
        await().atMost(Duration.ofSeconds(5)).until(a::leads);
        b = new Instance("b", null);
    }

    @AfterEach
    void stopBoth() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    @Test
    void oneLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        twoInstances(null);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> a.leads() && !b.leads());
        assertThat(b.starts).hasValue(0);

        long stopped = System.nanoTime();
        a.stop();

        await().atMost(Duration.ofSeconds(5)).until(b::leads);
        System.out.printf("fail-over after a stop: %d ms%n", (System.nanoTime() - stopped) / 1_000_000);
        assertThat(a.running).hasValue(0);
        assertThat(b.camel.hasService(PostgresClusterService.class).isLeader(NAMESPACE)).isTrue();
    }

    @Test
    void aLeaderWhoseConnectionIsCutGivesUpAndTheOtherTakesOver() throws Exception {
        twoInstances(null);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> a.leads() && !b.leads());

        long cut = System.nanoTime();
        TestPostgres.shared().admin("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d"
                + " ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '"
                + db.url().substring(db.url().lastIndexOf('/') + 1) + "'");

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.leads() && b.leads());
        System.out.printf("fail-over after the leader's connection was cut: %d ms%n", (System.nanoTime() - cut) / 1_000_000);
        // a follows again: it does not take the lead back while b holds it
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> !a.leads() && b.leads());
        assertThat(a.starts).hasValue(1);
        assertThat(b.starts).hasValue(1);
    }

    @Test
    void aLeaderThatFallsSilentIsEndedByTheServerAndTheOtherTakesOver() throws Exception {
        CountDownLatch hang = new CountDownLatch(1); // a frozen leader: a long GC pause, a host gone without a FIN
        try {
            twoInstances(hang);
            long frozen = System.nanoTime();

            // the server ends a's silent session after idle_session_timeout (10 s), so its lock is free
            await().atMost(Duration.ofSeconds(20)).until(b::leads);
            System.out.printf("fail-over from a silent leader: %d ms%n", (System.nanoTime() - frozen) / 1_000_000);
            assertThat(b.starts).hasValue(1);
        } finally {
            hang.countDown();
        }
        // a wakes up, finds its session gone and stops its work
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.leads());
        assertThat(b.leads()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
