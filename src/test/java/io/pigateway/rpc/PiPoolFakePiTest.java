package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool against the scripted {@link io.pigateway.testing.FakePi}: fast and deterministic. */
class PiPoolFakePiTest {
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

    private static PiTurnResult join(CompletableFuture<PiTurnResult> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static PiRpcException failure(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> f.orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(PiRpcException.class);
        return (PiRpcException) t.getCause();
    }

    @Test
    void promptStreamsDeltasAndReturnsTheFinalText() {
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        List<String> deltas = new CopyOnWriteArrayList<>();
        PiTurnResult r = join(pool.prompt("s1", pools.session("s1"), "hello", e -> {
            if (e.textDelta() != null) {
                deltas.add(e.textDelta());
            }
        }, 30_000));
        assertThat(r.text()).isEqualTo("echo: hello");
        assertThat(r.stopReason()).isEqualTo("stop");
        assertThat(String.join("", deltas)).isEqualTo("echo: hello");
        // the counter moves when the process is released, just after the result is delivered
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().turnsServed() == 1);
    }

    @Test
    void crashMidTurnFailsThatTurnAndTheNextOneWorksOnAReplacement() {
        PiPool pool = pools.start("crash-mid-turn", 1, 1, 10, 60_000);
        await().atMost(WAIT).until(() -> pool.stats().idle() == 1);
        long firstPid = pool.pids().get(0);
        PiRpcException e = failure(pool.prompt("s1", pools.session("s1"), "please crash", null, 30_000));
        assertThat(e.code()).isEqualTo("pi_crashed");
        assertThat(e.getMessage()).contains("stopped unexpectedly");
        assertThat(join(pool.prompt("s1", pools.session("s1"), "again", null, 30_000)).text()).isEqualTo("echo: again");
        assertThat(pool.stats().restarts()).isEqualTo(1);
        assertThat(pool.pids()).hasSize(1).doesNotContain(firstPid);
    }

    @Test
    void retryAfterAgentEndIsPartOfTheSameTurn() {
        PiPool pool = pools.start("retry", 1, 1, 10, 60_000);
        List<String> types = new CopyOnWriteArrayList<>();
        PiTurnResult r = join(pool.prompt("s1", pools.session("s1"), "hi", e -> types.add(e.type()), 30_000));
        assertThat(r.text()).isEqualTo("echo: hi");
        assertThat(r.failed()).isFalse();
        assertThat(types).containsSubsequence("agent_end", "auto_retry_start", "agent_start", "agent_end");
    }

    @Test
    void theWarmMinimumStartsOneProcessAtATimeWhileTurnsGetProcessesAtOnce() {
        PiPool pool = pools.start("normal", 3, 4, 10, 60_000);
        List<Integer> startingSeen = new CopyOnWriteArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            PoolStats s = pool.stats();
            startingSeen.add(s.processes() - s.busy() - s.idle());
            return s.idle() == 3;
        });
        assertThat(startingSeen).allMatch(n -> n <= 1).contains(1);

        PiPool cold = pools.start("normal", 1, 4, 10, 60_000);
        List<CompletableFuture<PiTurnResult>> turns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            turns.add(cold.prompt("c" + i, pools.session("c" + i), "slow:3000 x", null, 30_000));
        }
        // three turns waiting: the missing processes start together, not one after another
        List<Integer> coldStarting = new CopyOnWriteArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            PoolStats s = cold.stats();
            coldStarting.add(s.processes() - s.busy() - s.idle());
            return s.busy() == 3;
        });
        assertThat(coldStarting).anyMatch(n -> n >= 2);
        turns.forEach(t -> assertThat(join(t).text()).isEqualTo("echo: slow:3000 x"));
    }

    @Test
    void maxFourProcessesServeTwentySessionsEachFromItsOwnSession() {
        PiPool pool = pools.start("normal", 0, 4, 100, 60_000);
        Map<String, String> sessionSeen = new ConcurrentHashMap<>();
        List<CompletableFuture<PiTurnResult>> turns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "s" + i;
            String file = pools.session(key);
            turns.add(pool.prompt(key, file, "msg-" + i, e -> {
                if ("message_end".equals(e.type())) {
                    sessionSeen.put(key, e.json().path("message").path("sessionFile").asText());
                }
            }, 60_000));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(join(turns.get(i)).text()).isEqualTo("echo: msg-" + i);
            assertThat(sessionSeen.get("s" + i)).isEqualTo(pools.session("s" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().turnsServed() == 20);
        PoolStats stats = pool.stats();
        assertThat(stats.processes()).isLessThanOrEqualTo(4);
        assertThat(stats.waiting()).isZero();
    }

    @Test
    void waitingIsBoundedAndFailsFastWithPoolBusy() {
        PiPool pool = pools.start("normal", 1, 1, 1, 60_000);
        CompletableFuture<PiTurnResult> running = pool.prompt("a", pools.session("a"), "slow:5000 a", null, 30_000);
        await().atMost(WAIT).until(() -> pool.stats().busy() == 1);
        CompletableFuture<PiTurnResult> queued = pool.prompt("b", pools.session("b"), "b", null, 30_000);
        await().atMost(WAIT).until(() -> pool.stats().waiting() == 1);
        PiRpcException busy = failure(pool.prompt("c", pools.session("c"), "c", null, 30_000));
        assertThat(busy.code()).isEqualTo("pool_busy");
        assertThat(join(running).text()).isEqualTo("echo: slow:5000 a");
        assertThat(join(queued).text()).isEqualTo("echo: b");
    }

    @Test
    void idleProcessesAboveMinAreReaped() {
        PiPool pool = pools.start("normal", 1, 3, 10, 300);
        List<CompletableFuture<PiTurnResult>> turns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            turns.add(pool.prompt("s" + i, pools.session("s" + i), "slow:500 x", null, 30_000));
        }
        await().atMost(WAIT).until(() -> pool.stats().processes() == 3);
        turns.forEach(PiPoolFakePiTest::join);
        await().atMost(WAIT).until(() -> pool.stats().processes() == 1);
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void stopLeavesNoChildAlive() {
        PiPool pool = pools.start("normal", 2, 2, 10, 60_000);
        await().atMost(WAIT).until(() -> pool.stats().idle() == 2);
        List<ProcessHandle> handles = pool.pids().stream().map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
        pool.stop();
        await().atMost(WAIT).until(() -> handles.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(pool.stats().processes()).isZero();
    }

    @Test
    void sessionStatsComeFromTheSessionsOwnFile() {
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        join(pool.prompt("s1", pools.session("s1"), "one", null, 30_000));
        join(pool.prompt("s2", pools.session("s2"), "two", null, 30_000));
        JsonNode stats = pool.sessionStats("s1", pools.session("s1")).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(stats.path("stats").path("sessionFile").asText()).isEqualTo(pools.session("s1"));
        assertThat(stats.path("state").path("sessionFile").asText()).isEqualTo(pools.session("s1"));
        assertThat(stats.path("stats").path("userMessages").asInt()).isEqualTo(1);
    }

    /** The session stops "answering" before anyone hears the outcome: a next message sent from the callback is taken. */
    @Test
    void theNextMessageSentFromTheAnswerCallbackIsAccepted() throws Exception {
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        String file = pools.session("s1");
        CompletableFuture<PiTurnResult> second = new CompletableFuture<>();
        pool.prompt("s1", file, "first", null, 30_000).whenComplete((r, e) ->
                pool.prompt("s1", file, "second", null, 30_000).whenComplete((r2, e2) -> {
                    if (e2 != null) {
                        second.completeExceptionally(e2);
                    } else {
                        second.complete(r2);
                    }
                }));
        assertThat(join(second).text()).isEqualTo("echo: second");
    }
}
