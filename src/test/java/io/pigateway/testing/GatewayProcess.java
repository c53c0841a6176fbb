package io.pigateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pi-gw gateway} in its own JVM, so a test can crash it for real ({@link #kill}: SIGKILL, no
 * drain, no goodbye) and start it again on the same data dir. The config is JSONC as a user writes
 * it: the real pi of {@link PiTestRuntime} (pool 1..2, followup queue), the given {@code channels}
 * object; the output goes to a log file in {@code dir}.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;

    private GatewayProcess(Process process) {
        this.process = process;
    }

    /** Starts a gateway on {@code dir}/data; {@code channelsJson} is the config's {@code "channels"} object. */
    public static GatewayProcess start(Path dir, PiTestRuntime pi, String channelsJson, String log) throws Exception {
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, """
                { "gateway": { "port": %d, "dataDir": "%s", "auth": { "token": "%s" } },
                  "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                             "runtime": { "agentDir": "%s" }, "pool": { "min": 1, "max": 2 },
                             "queue": { "mode": "followup" } },
                  "channels": %s }
                """.formatted(TestGateway.freePort(), dir.resolve("data"), TestGateway.TOKEN, pi.piCli(), pi.workDir(),
                pi.agentDir(), channelsJson));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        return new GatewayProcess(new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "io.pigateway.cli.PiGwCli", "gateway", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start());
    }

    /** SIGKILL to the gateway and its pi children; returns once the gateway is gone. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway did not die from SIGKILL within 30 s");
        }
    }

    /** A clean stop (SIGTERM), forced after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
