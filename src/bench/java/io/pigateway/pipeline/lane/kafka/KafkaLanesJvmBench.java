package io.pigateway.pipeline.lane.kafka;

import static org.awaitility.Awaitility.await;

import io.pigateway.core.InboundMessage;
import io.pigateway.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Turns per second through the Kafka lanes with 1, 2 and 3 instances, each in a JVM of its own
 * ({@link LaneInstanceProcess}: the real lane component and transport, a fake agent whose turns take
 * {@link KafkaLanesBench#TURN_MS}); the broker and the publishers (what channels and the load
 * balancer would be) in this JVM. After a warm-up round on other sessions, 200 sessions x 5 messages,
 * timed from the first publish to the last answer; each instance's CPU over that time (its process's user + system time) per turn it ran
 * predicts how far instances on separate hosts would scale.
 */
public final class KafkaLanesJvmBench {
    static final int MAX_INSTANCES = 3;
    private static final int TOTAL = KafkaLanesBench.SESSIONS * KafkaLanesBench.PER_SESSION;

    /**
     * One run: turns/s, the CPU milliseconds per turn of each instance, and of this JVM (the broker
     * and the publishers) per turn of all instances.
     */
    public record Run(double turnsPerSecond, List<Double> cpuMsPerTurn, double brokerCpuMsPerTurn) {
    }

    private KafkaLanesJvmBench() {
    }

    /** {@code [instances-1][run]}: each run with fresh instances on a fresh topic and group. */
    public static Run[][] measure(int runs) throws Exception {
        Run[][] result = new Run[MAX_INSTANCES][runs];
        Path dir = Files.createTempDirectory("pigw-cluster-jvm");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            run(kafka, 1, "jvm-warm-up", dir); // the broker's and the publishers' JIT
            for (int n = 1; n <= MAX_INSTANCES; n++) {
                for (int r = 0; r < runs; r++) {
                    result[n - 1][r] = run(kafka, n, "jvm-" + n + "-" + r, dir);
                }
            }
        }
        return result;
    }

    private static Run run(EmbeddedKafka kafka, int instances, String name, Path dir) throws Exception {
        kafka.createTopic(name, 6); // as LaneInstance's config: 6 partitions, 2 per instance at 3
        List<Process> children = new ArrayList<>();
        List<Path> answerFiles = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, String> producer = producer(kafka)) {
            for (int i = 0; i < instances; i++) {
                Path answers = dir.resolve(name + "-i" + i + ".txt");
                answerFiles.add(answers);
                children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-cp", System.getProperty("java.class.path"), LaneInstanceProcess.class.getName(),
                        kafka.bootstrapServers(), name, name, "i" + i, answers.toString(),
                        String.valueOf(KafkaLanesBench.TURN_MS))
                        .redirectErrorStream(true).redirectOutput(dir.resolve(name + "-i" + i + ".log").toFile())
                        .start());
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> everyMemberOwns(admin, name, instances));
            // a first round on other sessions warms each child JVM's JIT: else it measures a cold JVM
            publish(producer, name, "w");
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20))
                    .until(() -> answered(answerFiles) >= TOTAL);
            List<Long> before = answerFiles.stream().map(KafkaLanesJvmBench::lines).toList();
            List<Duration> cpu0 = children.stream().map(KafkaLanesJvmBench::cpu).toList();
            Duration here0 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            long t0 = System.nanoTime();
            publish(producer, name, "s");
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(5))
                    .until(() -> answered(answerFiles) >= 2L * TOTAL);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Duration here = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(here0);
            List<Double> cpuPerTurn = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                long turns = Math.max(1, lines(answerFiles.get(i)) - before.get(i));
                cpuPerTurn.add(cpu(children.get(i)).minus(cpu0.get(i)).toNanos() / 1e6 / turns);
            }
            return new Run(TOTAL / seconds, cpuPerTurn, here.toNanos() / 1e6 / TOTAL);
        } finally {
            for (Process p : children) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** 8 callers, each waiting for the broker's ack per message, as the inbound route does. */
    private static void publish(KafkaProducer<String, String> producer, String topic, String prefix)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(KafkaLanesBench.CALLERS);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int c = 0; c < KafkaLanesBench.CALLERS; c++) {
                int caller = c;
                sending.add(callers.submit(() -> {
                    for (int i = 1; i <= KafkaLanesBench.PER_SESSION; i++) {
                        for (int s = caller; s < KafkaLanesBench.SESSIONS; s += KafkaLanesBench.CALLERS) {
                            String key = "test:" + prefix + s;
                            String json = new LaneRecord(InboundMessage.direct("test", prefix + s, "m" + i), key, null,
                                    LaneRecord.Answer.CHANNEL, null, null).toJson();
                            producer.send(new ProducerRecord<>(topic, key, json)).get();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static boolean everyMemberOwns(Admin admin, String group, int instances) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return d.members().size() == instances && d.members().stream().allMatch(m ->
                !m.assignment().topicPartitions().isEmpty())
                && d.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum() == 6;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
    }

    private static Duration cpu(Process p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static long answered(List<Path> files) {
        return files.stream().mapToLong(KafkaLanesJvmBench::lines).sum();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0; // being written: the next poll reads it
        }
    }

    public static void main(String[] args) throws Exception {
        Run[][] r = measure(args.length > 0 ? Integer.parseInt(args[0]) : 3);
        for (int n = 0; n < r.length; n++) {
            System.out.printf("%d instance(s): %s%n", n + 1, java.util.Arrays.toString(r[n]));
        }
        System.exit(0);
    }
}
