package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misbehaving pi processes (scripted FakePi) and the session-level commands. */
class PiPoolFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private FakePiPools pools;

    @BeforeEach
    void setUp() {
        pools = new FakePiPools(dir);
    }

    @AfterEach
    void tearDown() {
        pools.close();
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static PiRpcException failure(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> f.orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(PiRpcException.class);
        return (PiRpcException) t.getCause();
    }

    @Test
    void badOutputAndOverlongLinesAreSurvived() {
        PiPool pool = pools.start("bad-output", new PiPoolSettings(1, 1, 60_000, 10, 30_000).withMaxLineBytes(64 * 1024));
        assertThat(join(pool.prompt("s", pools.session("s"), "hi", null, 30_000)).text()).isEqualTo("echo: hi");
        assertThat(join(pool.prompt("s", pools.session("s"), "again", null, 30_000)).text()).isEqualTo("echo: again");
        assertThat(pool.stats().restarts()).isZero();
    }

    @Test
    void outOfOrderAndUncorrelatedResponsesAreHandled() {
        PiPool pool = pools.start("out-of-order", 1, 1, 10, 60_000);
        assertThat(join(pool.prompt("s", pools.session("s"), "hi", null, 30_000)).text()).isEqualTo("echo: hi");
        var stats = join(pool.sessionStats("s", pools.session("s")));
        assertThat(stats.path("stats").path("userMessages").asInt()).isEqualTo(1);
        assertThat(stats.path("state").path("sessionFile").asText()).isEqualTo(pools.session("s"));
    }

    @Test
    void slowStartIsWaitedForWithoutBlocking() {
        PiPool pool = pools.start("slow-start", 0, 1, 10, 60_000, "--startup-delay-ms", "1500");
        CompletableFuture<PiTurnResult> turn = pool.prompt("s", pools.session("s"), "hi", null, 30_000);
        assertThat(turn).isNotDone(); // the caller's thread was not held up by the spawn
        assertThat(join(turn).text()).isEqualTo("echo: hi");
    }

    @Test
    void startTimeoutFailsTheStartAsUnavailable() {
        PiPool pool = pools.start("slow-start", new PiPoolSettings(0, 1, 60_000, 10, 30_000).withStartTimeoutMs(300),
                "--startup-delay-ms", "20000");
        PiRpcException e = failure(pool.prompt("s", pools.session("s"), "hi", null, 30_000));
        assertThat(e.code()).isEqualTo("pi_unavailable");
        assertThat(e.getMessage()).contains("did not become ready");
    }

    @Test
    void failingStartReportsTheReasonAndBacksOff() {
        long t0 = System.nanoTime();
        PiPool pool = pools.start("fail-start", 1, 1, 10, 60_000);
        await().atMost(WAIT).until(() -> pool.stats().startFailures() >= 1);
        PiRpcException e = failure(pool.prompt("s", pools.session("s"), "hi", null, 30_000));
        assertThat(e.code()).isEqualTo("pi_unavailable");
        assertThat(e.getMessage()).contains("Unknown provider");
        await().atMost(WAIT).until(() -> pool.stats().startFailures() >= 3);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // backoff 1 s then 2 s between the three attempts: a tight loop would be far quicker
        assertThat(elapsedMs).isGreaterThanOrEqualTo(2_900);
        assertThat(pool.stats().processes()).isLessThanOrEqualTo(1);
    }

    @Test
    void badPiPathIsUnavailableWithTheReason() {
        PiPool pool = new PiPool("missing", new PiProcessSpec(List.of(dir.resolve("no-such-pi").toString()), null, dir),
                new PiPoolSettings(0, 1, 60_000, 10, 30_000));
        pool.start();
        try {
            PiRpcException e = failure(pool.prompt("s", pools.session("s"), "hi", null, 30_000));
            assertThat(e.code()).isEqualTo("pi_unavailable");
            assertThat(e.getMessage()).contains("no-such-pi");
            assertThat(pool.stats().startFailures()).isEqualTo(1);
        } finally {
            pool.stop();
        }
    }

    @Test
    void turnTimeoutAbortsAndTheProcessServesTheNextTurn() {
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        PiRpcException e = failure(pool.prompt("s", pools.session("s"), "slow:20000 x", null, 300));
        assertThat(e.code()).isEqualTo("timeout");
        assertThat(join(pool.prompt("s", pools.session("s"), "next", null, 30_000)).text()).isEqualTo("echo: next");
        assertThat(pool.stats().restarts()).isZero();
    }

    @Test
    void steerAndAbortReachTheRunningTurn() {
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        assertThat(failure(pool.steer("s", "nothing runs")).code()).isEqualTo("no_active_turn");
        join(pool.abort("s")); // no-op without a turn

        List<String> types = new CopyOnWriteArrayList<>();
        CompletableFuture<PiTurnResult> turn = pool.prompt("s", pools.session("s"), "slow:1000 first", e -> types.add(e.type()), 30_000);
        await().atMost(WAIT).until(() -> types.contains("message_update"));
        join(pool.steer("s", "steered"));
        assertThat(join(turn).text()).isEqualTo("echo: steered");

        CompletableFuture<PiTurnResult> slow = pool.prompt("s", pools.session("s"), "slow:20000 long", null, 30_000);
        await().atMost(WAIT).until(() -> pool.stats().busy() == 1);
        join(pool.abort("s"));
        assertThat(join(slow).stopReason()).isEqualTo("aborted");
    }

    @Test
    void aSecondPromptForABusySessionIsRejected() {
        PiPool pool = pools.start("normal", 1, 2, 10, 60_000);
        CompletableFuture<PiTurnResult> first = pool.prompt("s", pools.session("s"), "slow:1000 a", null, 30_000);
        assertThat(failure(pool.prompt("s", pools.session("s"), "b", null, 30_000)).code()).isEqualTo("rejected");
        assertThat(join(first).text()).isEqualTo("echo: slow:1000 a");
    }
}
