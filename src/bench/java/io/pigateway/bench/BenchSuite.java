package io.pigateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark scenario and prints one table ({@code ./mvnw -q -Pbench verify}).
 * Args select scenarios (default all): {@code jmh overhead sessions32 throughput stream sessions5000
 * one-session outside startup growth telegram discord webchat cluster cluster-jvm}. {@code -Dbench.runs=N} repeats each load scenario (default 3).
 */
public final class BenchSuite {
    private static final List<String> ALL = List.of("jmh", "stream", "throughput", "sessions5000", "one-session",
            "overhead", "outside", "sessions32", "startup", "growth", "telegram", "discord", "webchat",
            "cluster", "cluster-jvm");

    public static void main(String[] args) throws Exception {
        Set<String> selected = Set.copyOf(args.length == 0 || (args.length == 1 && args[0].isBlank())
                ? ALL : Arrays.asList(args));
        int runs = Integer.getInteger("bench.runs", 3);
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        BenchEnv env = new BenchEnv(repo);
        LoadScenarios load = new LoadScenarios(env, runs);
        List<Row> rows = new ArrayList<>();
        for (String name : ALL) {
            if (!selected.contains(name)) {
                continue;
            }
            System.err.println("bench: running " + name + " ...");
            long t0 = System.nanoTime();
            try {
                rows.addAll(switch (name) {
                    case "jmh" -> jmh();
                    case "stream" -> stream(env, runs);
                    case "throughput" -> load.throughput();
                    case "sessions5000" -> load.sessions5000();
                    case "one-session" -> load.oneSession1000();
                    case "overhead" -> load.overhead();
                    case "outside" -> new OutsideScenario(env, runs).run();
                    case "sessions32" -> load.sessions32();
                    case "startup" -> load.startup(Math.max(runs, 5));
                    case "growth" -> new GrowthScenarios(env).all();
                    case "telegram" -> new TelegramScenario(env, runs).run();
                    case "discord" -> new DiscordScenario(env, runs).run();
                    case "webchat" -> new WebChatScenario(env, runs).run();
                    case "cluster" -> cluster(runs);
                    case "cluster-jvm" -> clusterJvm(runs);
                    default -> List.of();
                });
            } catch (Exception e) {
                e.printStackTrace();
                rows.add(new Row(name, "FAILED: " + e, "", "MISSES"));
            }
            System.err.printf("bench: %s took %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        }
        String table = table(rows);
        System.out.println(table);
        Files.createDirectories(repo.resolve("target"));
        Files.writeString(repo.resolve("target/bench-results.md"), "Run " + LocalDateTime.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", runs=" + runs + "\n\n" + table);
        System.exit(0);
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| scenario | measured: median (min..max, n runs) | budget | |\n|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.scenario()).append(" | ").append(r.measured()).append(" | ").append(r.budget())
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        return sb.toString();
    }

    /** JMH micro benchmarks: one fork, short iterations (numbers to compare, not to publish to the ns). */
    static List<Row> jmh() throws Exception {
        var opts = new OptionsBuilder().include("io\\.pigateway\\.(rpc\\.PiLineParseBench|bench\\.CoreBench)\\.")
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).jvmArgs("-Xmx256m").build();
        List<Row> rows = new ArrayList<>();
        long chars = BenchLines.totalChars(BenchLines.longAnswer());
        for (RunResult r : new Runner(opts).run()) {
            var score = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replaceFirst("^io\\.pigateway\\.", "");
            String measured = String.format("%.3f ± %.3f %s", score.getScore(), score.getScoreError(), score.getScoreUnit());
            if (name.endsWith("parseAnswer")) {
                rows.add(Row.info("JMH " + name + " (4,000-char answer, " + (chars / 1000) + " kB of lines)", measured));
            } else {
                rows.add(Row.info("JMH " + name, measured));
            }
        }
        return rows;
    }

    /** The 4,000-character streamed answer, measured in a child JVM running the gateway with the launcher's flags. */
    static List<Row> stream(BenchEnv env, int runs) throws Exception {
        List<Double> cpu = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            double[] f = StreamProbe.launch(env, "stream-" + run, 30, 30, BenchPi.LONG_ANSWER_CHARS);
            cpu.add(f[0]);
            p50.add(f[1]);
            p99.add(f[2]);
        }
        return List.of(
                Row.of("4,000-char streamed answer (500 lines, fake pi): gateway CPU per answer",
                        Stats.summary(cpu, 2) + " ms", "<= 20 ms", Stats.median(cpu) <= 20),
                Row.of("  first delta: pi writes it -> gateway hands it to the client, p50",
                        Stats.summary(p50, 2) + " ms", "<= 5 ms", Stats.median(p50) <= 5),
                Row.info("  first delta p99", Stats.summary(p99, 2) + " ms"));
    }

    /** Kafka lanes (cluster.mode kafka) with 1 and 2 instances in this JVM, on the embedded broker and a fake agent. */
    static List<Row> cluster(int runs) throws Exception {
        double[][] r = io.pigateway.pipeline.lane.kafka.KafkaLanesBench.measure(runs);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < r.length; n++) {
            List<Double> values = Arrays.stream(r[n]).boxed().toList();
            rows.add(Row.info("Kafka lanes, " + (n + 1) + " instance(s), 200 sessions x 5, 10 ms fake turns: turns/s",
                    Stats.summary(values, 0)));
        }
        return rows;
    }

    /** Kafka lanes with 1, 2, 3 instances each in its own JVM: turns/s and each instance's CPU per turn. */
    static List<Row> clusterJvm(int runs) throws Exception {
        var r = io.pigateway.pipeline.lane.kafka.KafkaLanesJvmBench.measure(runs);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < r.length; n++) {
            List<Double> tps = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> broker = new ArrayList<>();
            for (var run : r[n]) {
                tps.add(run.turnsPerSecond());
                cpu.addAll(run.cpuMsPerTurn());
                broker.add(run.brokerCpuMsPerTurn());
            }
            rows.add(Row.info("Kafka lanes, " + (n + 1) + " instance JVM(s), 200 sessions x 5, 10 ms fake turns: turns/s",
                    Stats.summary(tps, 0)));
            rows.add(Row.info("  CPU per turn on each instance (all instances, all runs)", Stats.summary(cpu, 2) + " ms"));
            rows.add(Row.info("  CPU per turn of the bench JVM (broker + publishers)", Stats.summary(broker, 2) + " ms"));
        }
        return rows;
    }

    /** The default JVM flags of the {@code ./pi-gw} launcher (its {@code PI_GW_JAVA_OPTS} fallback). */
    static List<String> launcherJvmFlags(Path repo) throws Exception {
        String launcher = Files.readString(repo.resolve("pi-gw"));
        var m = java.util.regex.Pattern.compile("\\$\\{PI_GW_JAVA_OPTS:-([^}]*)}").matcher(launcher);
        if (!m.find()) {
            throw new IllegalStateException("no default JVM flags found in pi-gw");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }
}
