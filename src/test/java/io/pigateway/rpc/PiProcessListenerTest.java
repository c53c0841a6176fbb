package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakePi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's per-process hooks: env per spawn, exit notice, and which session a process serves. */
class PiProcessListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    @Test
    void eachProcessGetsItsOwnEnvAndTheServedSessionIsKnownOnlyDuringItsTurn() {
        List<Long> spawned = new CopyOnWriteArrayList<>();
        List<Long> exited = new CopyOnWriteArrayList<>();
        PiProcessListener listener = new PiProcessListener() {
            @Override
            public Map<String, String> envFor(long processId) {
                spawned.add(processId);
                return Map.of("PI_GATEWAY_TEST_ID", Long.toString(processId));
            }

            @Override
            public void onExit(long processId) {
                exited.add(processId);
            }
        };
        PiPool pool = new PiPool("listener", new PiProcessSpec(FakePi.command("normal"), Map.of(), dir),
                new PiPoolSettings(1, 1, 60_000, 10, 30_000), listener);
        try {
            pool.start();
            await().atMost(WAIT).until(() -> pool.stats().idle() == 1);
            assertThat(spawned).containsExactly(1L);
            assertThat(pool.sessionServedBy(1)).isEmpty(); // idle: serves nobody

            List<Optional<String>> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<PiTurnResult> turn = pool.prompt("s1", dir.resolve("s1.jsonl").toString(),
                    "slow:1500 hi", e -> seen.add(pool.sessionServedBy(1)), 30_000);
            await().atMost(WAIT).until(() -> !seen.isEmpty());
            assertThat(seen.get(0)).contains("s1");
            assertThat(pool.sessionServedBy(2)).isEmpty(); // no such process
            turn.orTimeout(30, TimeUnit.SECONDS).join();
            await().atMost(WAIT).until(() -> pool.sessionServedBy(1).isEmpty());
        } finally {
            pool.stop();
        }
        await().atMost(WAIT).until(() -> exited.contains(1L));
    }
}
