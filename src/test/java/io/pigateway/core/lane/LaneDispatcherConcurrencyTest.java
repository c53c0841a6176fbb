package io.pigateway.core.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.InboundMessage;
import io.pigateway.testing.FakeTurnRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LaneDispatcherConcurrencyTest {

    private static final int THREADS = 8;
    private static final int SESSIONS = 40;
    private static final int PER_THREAD_AND_SESSION = 25;

    @ParameterizedTest
    @EnumSource(value = QueueMode.class, names = {"FOLLOWUP", "COLLECT"})
    void concurrentSubmitsKeepPerSessionOrderAndOneTurnAtATime(QueueMode mode) throws Exception {
        ExecutorService finisher = Executors.newFixedThreadPool(3);
        ExecutorService submitters = Executors.newFixedThreadPool(THREADS);
        try {
            FakeTurnRunner runner = new FakeTurnRunner(finisher);
            LaneDispatcher lanes = new LaneDispatcher(mode, 10_000, runner);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                submitters.execute(() -> {
                    awaitQuietly(go);
                    for (int seq = 0; seq < PER_THREAD_AND_SESSION; seq++) {
                        for (int s = 0; s < SESSIONS; s++) {
                            lanes.submit(new PendingMessage(
                                    InboundMessage.direct("api", "u" + s, thread + ":" + seq), key(s), null));
                        }
                    }
                });
            }
            go.countDown();

            int total = THREADS * SESSIONS * PER_THREAD_AND_SESSION;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> messagesRun(runner) == total && lanes.stats().activeLanes() == 0);

            assertThat(runner.overlaps()).as("turns of one session that overlapped").isZero();
            for (int s = 0; s < SESSIONS; s++) {
                List<String> texts = runner.turnsOf(key(s)).stream().flatMap(t -> t.texts().stream()).toList();
                assertThat(texts).hasSize(THREADS * PER_THREAD_AND_SESSION);
                Map<String, List<Integer>> seqByThread = texts.stream().collect(Collectors.groupingBy(
                        text -> text.split(":")[0],
                        Collectors.mapping(text -> Integer.parseInt(text.split(":")[1]), Collectors.toList())));
                seqByThread.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(PER_THREAD_AND_SESSION));
            }
        } finally {
            submitters.shutdownNow();
            finisher.shutdownNow();
            submitters.awaitTermination(10, TimeUnit.SECONDS);
            finisher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static long messagesRun(FakeTurnRunner runner) {
        return runner.turns().stream().mapToLong(t -> t.batch().size()).sum();
    }

    private static String key(int session) {
        return "agent:main:api:dm:u" + session;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
