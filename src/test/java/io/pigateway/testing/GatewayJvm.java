package io.pigateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code pi-gw gateway} in its own JVM, for tests that kill it: the shaded jar when
 * {@code -Dchaos.jar} names one (the chaos suite runs after {@code package}), else this test
 * class path. Real pi, a fake Telegram and the fake LLM; the output goes to a log file.
 */
public final class GatewayJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayJvm(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The config of a gateway polling {@code telegram} with bot {@code bot} on a fresh port, data in
     * {@code dir/data}; {@code agentExtra} and {@code gatewayExtra} are added to those sections
     * (e.g. {@code "queue": {...}}), each with a leading comma when not empty.
     */
    public static String telegramConfig(Path dir, PiTestRuntime pi, FakeTelegramServer telegram, String bot,
                                        String agentExtra, String gatewayExtra) {
        return config(dir, pi, """
                { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                                "dmPolicy": "open", "streamingMode": "off" } }""".formatted(telegram.baseUrl(), bot),
                agentExtra, gatewayExtra);
    }

    /** The config of a crash test: pool 1..2, followup queue, the given {@code "channels"} object. */
    public static String config(Path dir, PiTestRuntime pi, String channelsJson) {
        return config(dir, pi, channelsJson, ", \"pool\": { \"min\": 1, \"max\": 2 }, \"queue\": { \"mode\": \"followup\" }",
                "");
    }

    /** A gateway config with the given {@code "channels"} object; extras as in {@link #telegramConfig}. */
    public static String config(Path dir, PiTestRuntime pi, String channelsJson, String agentExtra, String gatewayExtra) {
        return """
                { "gateway": { "port": %d, "dataDir": "%s", "auth": { "token": "%s" }%s },
                  "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                             "runtime": { "agentDir": "%s" }%s },
                  "channels": %s }
                """.formatted(TestGateway.freePort(), dir.resolve("data"), TestGateway.TOKEN, gatewayExtra,
                pi.piCli(), pi.workDir(), pi.agentDir(), agentExtra, channelsJson);
    }

    /** {@code config} with more top-level sections (e.g. {@code "store": {...}, "cluster": {...}}). */
    public static String withSections(String config, String sections) {
        int end = config.lastIndexOf('}');
        return config.substring(0, end) + ", " + sections + " }\n";
    }

    /** Writes {@code config} to {@code dir/pi-gateway.jsonc} and starts a gateway on it (not waiting). */
    public static GatewayJvm start(Path dir, String config, String logName) throws IOException {
        Path file = dir.resolve("pi-gateway.jsonc");
        Files.writeString(file, config);
        int port = Integer.parseInt(config.replaceAll("(?s).*\"port\": (\\d+).*", "$1"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx512m"));
        String jar = System.getProperty("chaos.jar", "");
        if (!jar.isBlank() && Files.isRegularFile(Path.of(jar))) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pigateway.cli.PiGwCli"));
        }
        command.addAll(List.of("gateway", "--config", file.toString()));
        Path log = dir.resolve(logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new GatewayJvm(process, port, log);
    }

    /** Waits until {@code /health} answers 200 (ok or degraded); returns how long that took from now. */
    public Duration awaitReady(Duration atMost) {
        long t0 = System.nanoTime();
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> !process.isAlive() || status("/health") == 200);
        if (!process.isAlive()) {
            throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The HTTP status of a GET (-1 when nothing answers). */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A GET with the gateway token. */
    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    /** A POST of JSON with the gateway token, waiting up to {@code timeout} (e.g. {@code /api/chat}: a whole turn). */
    public HttpResponse<String> post(String path, String json, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + TestGateway.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The gateway's pi processes (its child processes' trees). */
    public List<ProcessHandle> piProcesses() {
        return process.toHandle().descendants().toList();
    }

    /** SIGKILL of the gateway and its children: no drain, no goodbye. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> children = piProcesses();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway survived SIGKILL");
        }
    }

    /** SIGTERM (the gateway drains), then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
