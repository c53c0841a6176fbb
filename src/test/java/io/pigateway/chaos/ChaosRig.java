package io.pigateway.chaos;

import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.PiTestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What every chaos scenario runs on: the fake LLM (echo, {@code delayMs} per answer so turns are
 * in flight), the real pi, the fake Telegram Bot API and a data dir; gateways are started in their
 * own JVM ({@link GatewayJvm}). Figures go to stdout and {@code target/chaos-figures.md}.
 */
final class ChaosRig implements AutoCloseable {
    static final String BOT = "900:CHAOS";
    static final Duration WAIT = Duration.ofSeconds(180);

    final FakeLlmServer llm = new FakeLlmServer();
    final PiTestRuntime pi = PiTestRuntime.create(llm);
    final FakeTelegramServer telegram;
    final Path dir;
    private final String name;

    /** @param name where the gateways' logs are kept after the run: {@code target/chaos-logs/<name>/} */
    ChaosRig(String name, Path dir, long delayMs) throws IOException {
        this.name = name;
        this.dir = dir;
        this.telegram = new FakeTelegramServer();
        llm.setResponder(request -> FakeLlmServer.defaultReply(request).delayed(delayMs));
    }

    /** A gateway with a pool of up to {@code poolMax} pi processes; {@code gatewayExtra} as in {@link GatewayJvm}. */
    GatewayJvm start(String log, int poolMax, String gatewayExtra) throws IOException {
        GatewayJvm gw = GatewayJvm.start(dir, GatewayJvm.telegramConfig(dir, pi, telegram, BOT,
                ", \"pool\": { \"min\": 1, \"max\": " + poolMax + " }", gatewayExtra), log);
        gw.awaitReady(Duration.ofSeconds(90));
        return gw;
    }

    /** Steps the load (and {@code chaos}, which may act on each step) every 50 ms until the load is done. */
    static void drive(ChatLoad load, Runnable chaos) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            chaos.run();
            return load.step();
        });
    }

    /** Steps the load every 50 ms until {@code condition} holds. */
    static void driveUntil(ChatLoad load, BooleanSupplier condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            load.step();
            return condition.getAsBoolean();
        });
    }

    /** Prints one scenario's figures and appends them to {@code target/chaos-figures.md}. */
    static void report(String scenario, String figures) {
        String line = "- **" + scenario + "**: " + figures;
        System.out.println("CHAOS " + line);
        try {
            Path out = Files.createDirectories(Path.of("target")).resolve("chaos-figures.md");
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    @Override
    public void close() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "chaos-logs", name));
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        telegram.close();
        pi.close();
        llm.close();
    }
}
