package io.pigateway.pipeline.lane.kafka;

import static org.awaitility.Awaitility.await;

import io.pigateway.testing.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns per second through the Kafka lanes with 1 and 2 instances ({@link LaneInstance}: the real
 * lane component and transport, a fake agent whose turns take {@link #TURN_MS}), on the embedded
 * broker in this JVM: 200 sessions x 5 messages published by 8 callers spread over the instances,
 * timed from the first publish to the last answer.
 */
public final class KafkaLanesBench {
    static final int SESSIONS = 200;
    static final int PER_SESSION = 5;
    static final int CALLERS = 8;
    static final long TURN_MS = 10;

    private KafkaLanesBench() {
    }

    /** Turns/s of each run, for 1 instance then 2 ({@code [instances-1][run]}). */
    public static double[][] measure(int runs) throws Exception {
        double[][] result = new double[2][runs];
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            turnsPerSecond(kafka, 2, "bench-warm-up"); // the JIT: else the first rows measure a cold JVM
            for (int n = 1; n <= 2; n++) {
                for (int run = 0; run < runs; run++) {
                    result[n - 1][run] = turnsPerSecond(kafka, n, "bench-" + n + "-" + run);
                }
            }
        }
        return result;
    }

    private static double turnsPerSecond(EmbeddedKafka kafka, int instances, String name) throws Exception {
        LaneInstance.Answers answers = new LaneInstance.Answers();
        List<LaneInstance> all = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            for (int i = 0; i < instances; i++) {
                all.add(new LaneInstance("i" + i, kafka.bootstrapServers(), name, name, answers, TURN_MS));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().allMatch(l -> !l.lanes.ownedPartitions()
                    .isEmpty()) && all.stream().mapToInt(l -> l.lanes.ownedPartitions().size()).sum() == 6);
            long t0 = System.nanoTime();
            List<Future<?>> sending = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                sending.add(callers.submit(() -> {
                    for (int i = 1; i <= PER_SESSION; i++) { // each session's messages in order, from one caller
                        for (int s = caller; s < SESSIONS; s += CALLERS) {
                            all.get(s % all.size()).send("s" + s, "m" + i);
                        }
                    }
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> answers.count.get() >= SESSIONS * PER_SESSION);
            return SESSIONS * PER_SESSION / ((System.nanoTime() - t0) / 1e9);
        } finally {
            callers.shutdownNow();
            all.forEach(LaneInstance::close);
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double[][] r = measure(runs);
        for (int n = 0; n < 2; n++) {
            System.out.printf("%d instance(s): %s turns/s%n", n + 1, java.util.Arrays.toString(r[n]));
        }
        System.exit(0);
    }
}
