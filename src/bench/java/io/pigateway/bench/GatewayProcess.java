package io.pigateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real gateway as its own process, started through the {@code ./pi-gw} launcher (its JVM flags,
 * its AppCDS handling) with a temp config; figures come from {@code /proc/<pid>}.
 */
final class GatewayProcess implements AutoCloseable {
    static final String TOKEN = "bench-token-0123456789abcdef0123456789"; // 32+ characters, as auth.token requires
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final int port;
    final long startedNanos;
    /** Process start to the first {@code /health} 200, ms. */
    final double healthMs;

    private GatewayProcess(Process process, int port, long startedNanos, double healthMs) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
        this.healthMs = healthMs;
    }

    /**
     * Starts a gateway whose {@code agent} section is {@code agentJson} (without braces) and waits for
     * {@code /health}. {@code env} is added to the gateway's environment.
     */
    static GatewayProcess start(Path repo, Path work, String agentJson, Map<String, String> env) throws Exception {
        return start(repo, work, agentJson, env, "");
    }

    /** As above, with more top-level config sections ({@code extraJson}, e.g. {@code "channels": {...}}). */
    static GatewayProcess start(Path repo, Path work, String agentJson, Map<String, String> env, String extraJson)
            throws Exception {
        int port = freePort();
        Path dataDir = Files.createDirectories(work.resolve("data-" + port));
        Path config = work.resolve("gateway-" + port + ".jsonc");
        Files.writeString(config, """
                {
                  "gateway": { "port": %d, "dataDir": "%s", "auth": { "mode": "token", "token": "%s" },
                               "http": { "maxConnectionsPerClient": 4096 } },
                  "agent": { %s }%s
                }
                """.formatted(port, dataDir, TOKEN, agentJson, extraJson.isBlank() ? "" : ",\n  " + extraJson));
        ProcessBuilder pb = new ProcessBuilder(List.of(repo.resolve("pi-gw").toString(), "gateway", "--config",
                config.toString()));
        pb.environment().putAll(env);
        String opts = System.getenv().getOrDefault("BENCH_GW_OPTS", "");
        if (!opts.isBlank()) { // experiments with the gateway JVM's flags (the launcher's PI_GW_JAVA_OPTS)
            pb.environment().put("PI_GW_JAVA_OPTS", opts);
        }
        pb.redirectErrorStream(true).redirectOutput(work.resolve("gateway-" + port + ".log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        double healthMs = -1;
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (status(port, "/health") == 200) {
                healthMs = (System.nanoTime() - t0) / 1e6;
                break;
            }
            Thread.sleep(5);
        }
        if (healthMs < 0) {
            p.destroyForcibly();
            throw new IllegalStateException("gateway did not answer /health; see " + work.resolve("gateway-" + port + ".log"));
        }
        return new GatewayProcess(p, port, t0, healthMs);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@link #piSpawn()} once the gateway's first pi process exists (it spawns after the start). */
    PiSpawn awaitPiSpawn() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return piSpawn();
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Command line, environment and working dir of the gateway's first pi process (from /proc). */
    record PiSpawn(List<String> command, Map<String, String> env, Path workDir) {
    }

    PiSpawn piSpawn() throws IOException {
        for (ProcessHandle h : process.descendants().toList()) {
            Path proc = Path.of("/proc/" + h.pid());
            List<String> cmd = List.of(new String(Files.readAllBytes(proc.resolve("cmdline"))).split("\0"));
            if (cmd.contains("--mode") && cmd.contains("rpc")) {
                Map<String, String> env = new java.util.HashMap<>();
                for (String kv : new String(Files.readAllBytes(proc.resolve("environ"))).split("\0")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                return new PiSpawn(cmd, env, Files.readSymbolicLink(proc.resolve("cwd")));
            }
        }
        throw new IllegalStateException("the gateway has no pi process");
    }

    long pid() {
        return process.pid();
    }

    /** VmRSS in MB. */
    double rssMb() {
        return procStatus("VmRSS:") / 1024.0;
    }

    int threads() {
        return (int) procStatus("Threads:");
    }

    /** utime + stime of the gateway JVM (not its children), ms. Resolution: one clock tick (10 ms). */
    double cpuMs() {
        return cpuMs(pid());
    }

    /** utime + stime of the gateway's live child processes (the pi processes), ms. */
    double childrenCpuMs() {
        return process.descendants().mapToDouble(h -> cpuMs(h.pid())).filter(v -> !Double.isNaN(v)).sum();
    }

    private static double cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
            return ticks * 10.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy(); // SIGTERM: the gateway stops its pi processes
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
