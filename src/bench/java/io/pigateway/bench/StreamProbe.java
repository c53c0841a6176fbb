package io.pigateway.bench;

import io.pigateway.app.GatewayRuntime;
import io.pigateway.config.ConfigLoader;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The 4,000-character streamed answer, measured inside the gateway's JVM (run as a child JVM with the
 * launcher's flags): process CPU per answer, and the time from {@link BenchPi} writing the first delta
 * to the gateway handing it to the client's {@link TurnObserver}. Prints one line:
 * {@code cpuMsPerAnswer firstDeltaP50Ms firstDeltaP99Ms}.
 * Args: {@code <bench-pi script> <work dir> <warmup answers> <measured answers> [answer chars, default 4,000]}.
 */
public final class StreamProbe {
    public static void main(String[] args) throws Exception {
        Path script = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int warmup = Integer.parseInt(args[2]);
        int measured = Integer.parseInt(args[3]);
        int chars = args.length > 4 ? Integer.parseInt(args[4]) : BenchPi.LONG_ANSWER_CHARS;
        // no start warm-up: its requests would run during the measured answers (they are this row's figure)
        String jsonc = """
                { "gateway": { "port": %d, "dataDir": "%s", "auth": { "mode": "token", "token": "%s" },
                               "http": { "warmUpRounds": 0 } },
                  "agent": { "piCliPath": "%s", "model": "fake/fake-echo", "workspaceDir": "%s",
                             "pool": { "min": 1, "max": 1 }, "turnTimeoutMs": 60000 } }
                """.formatted(GatewayProcess.freePort(), work.resolve("data"), GatewayProcess.TOKEN, script,
                work.resolve("ws"));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> firstDelta = new ArrayList<>();
        try (GatewayRuntime gw = new GatewayRuntime(ConfigLoader.parseLoaded(jsonc, Map.of()), 0,
                new PrintStream(OutputStream.nullOutputStream()))) {
            gw.start();
            for (int i = 0; i < warmup; i++) {
                answer(gw, i, chars);
            }
            long cpu0 = os.getProcessCpuTime();
            for (int i = 0; i < measured; i++) {
                firstDelta.add(answer(gw, warmup + i, chars));
            }
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / measured;
            System.out.printf("%.3f %.3f %.3f%n", cpuMs, Stats.percentile(firstDelta, 50),
                    Stats.percentile(firstDelta, 99));
        }
        System.exit(0);
    }

    /**
     * Runs this probe in a child JVM with the launcher's flags; returns
     * {@code {cpu ms per answer, first delta p50 ms, first delta p99 ms}}.
     */
    static double[] launch(BenchEnv env, String tag, int warmup, int measured, int chars) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(BenchSuite.launcherJvmFlags(env.repo));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamProbe.class.getName(),
                env.benchPi.toString(), env.work.resolve(tag).toString(), String.valueOf(warmup),
                String.valueOf(measured), String.valueOf(chars)));
        Path log = env.work.resolve(tag + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("stream probe failed; see " + log);
        }
        String[] lines = out.split("\n");
        String[] f = lines[lines.length - 1].trim().split(" "); // log lines may come first
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    /** One long answer; returns pi-emission → observer latency of its first delta, ms. */
    private static double answer(GatewayRuntime gw, int n, int chars) throws Exception {
        CompletableFuture<TurnResult> done = new CompletableFuture<>();
        double[] latency = {Double.NaN};
        StringBuilder text = new StringBuilder();
        TurnObserver observer = new TurnObserver() {
            @Override
            public void onDelta(String delta) {
                if (text.length() == 0 && delta.startsWith("t=")) {
                    Instant now = Instant.now();
                    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                    latency[0] = (micros - Long.parseLong(delta.substring(2, delta.indexOf(';')))) / 1000.0;
                }
                text.append(delta);
            }

            @Override
            public void onFinal(TurnResult result) {
                done.complete(result);
            }

            @Override
            public void onError(String code, String message) {
                done.completeExceptionally(new IllegalStateException(code + ": " + message));
            }
        };
        gw.service().submit(InboundMessage.direct("api", "default", "long" + chars + ": answer " + n), "agent:main:bench:stream",
                observer);
        TurnResult result = done.get(60, TimeUnit.SECONDS);
        if (result.text().length() < chars) {
            throw new IllegalStateException("short answer: " + result.text().length());
        }
        return latency[0];
    }
}
