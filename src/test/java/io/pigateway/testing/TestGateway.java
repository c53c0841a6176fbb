package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.app.GatewayRuntime;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.LoadedConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway for integration tests: real routes, real pi (from {@link PiTestRuntime}) against
 * a {@link FakeLlmServer}, on a free loopback port, with its own data dir. The config is JSONC
 * as a user would write it; {@code extraConfig} is spliced into the top-level object.
 */
public final class TestGateway implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef-0123456";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts a gateway with pool {@code min..max} whose pi talks to {@code pi}'s fake LLM. */
    public static TestGateway start(PiTestRuntime pi, Path dataDir, int poolMin, int poolMax, String extraConfig)
            throws Exception {
        return start(pi, dataDir, poolMin, poolMax, "", "", extraConfig, null);
    }

    /** Like {@link #start(PiTestRuntime, Path, int, int, String)}, the config written to and loaded from a file. */
    public static TestGateway start(PiTestRuntime pi, Path dataDir, int poolMin, int poolMax, String extraConfig,
                                    Path configFile) throws Exception {
        return start(pi, dataDir, poolMin, poolMax, "", "", extraConfig, configFile);
    }

    /**
     * As above; {@code gatewayExtra} and {@code agentExtra} are spliced into the {@code gateway} and
     * {@code agent} objects (each ending with a comma), {@code extraConfig} into the top level.
     */
    public static TestGateway start(PiTestRuntime pi, Path dataDir, int poolMin, int poolMax, String gatewayExtra,
                                    String agentExtra, String extraConfig) throws Exception {
        return start(pi, dataDir, poolMin, poolMax, gatewayExtra, agentExtra, extraConfig, null);
    }

    /** The general form: when {@code configFile} is given the config is loaded from it (so it can be reloaded). */
    public static TestGateway start(PiTestRuntime pi, Path dataDir, int poolMin, int poolMax, String gatewayExtra,
                                    String agentExtra, String extraConfig, Path configFile) throws Exception {
        if (!gatewayExtra.contains("\"http\"")) {
            // the start warm-up only buys speed, at a second of CPU per gateway: tests that start many skip it
            gatewayExtra = "\"http\": { \"warmUpRounds\": 0 }, " + gatewayExtra;
        }
        String jsonc = """
                {
                  // a test gateway: loopback, token auth, real pi against the fake LLM
                  "gateway": { %s "port": %d, "dataDir": "%s", "auth": { "mode": "token", "token": "%s" } },
                  "agent": { %s
                    "model": "fake/fake-echo",
                    "piCliPath": "%s",
                    "workspaceDir": "%s",
                    "runtime": { "agentDir": "%s" },
                    "pool": { "min": %d, "max": %d, "idleTimeoutMs": 300000 },
                    "turnTimeoutMs": 60000,
                  },
                  %s
                }
                """.formatted(gatewayExtra, freePort(), dataDir, TOKEN, agentExtra, pi.piCli(), pi.workDir(), pi.agentDir(),
                poolMin, poolMax,
                extraConfig == null ? "" : extraConfig);
        LoadedConfig loaded;
        if (configFile != null) {
            java.nio.file.Files.writeString(configFile, jsonc);
            loaded = ConfigLoader.loadFile(configFile, Map.of());
        } else {
            loaded = ConfigLoader.parseLoaded(jsonc, Map.of());
        }
        GatewayRuntime runtime = new GatewayRuntime(loaded, 0, new PrintStream(java.io.OutputStream.nullOutputStream()));
        runtime.start();
        return new TestGateway(runtime);
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    public String url(String path) {
        return runtime.baseUrl() + path;
    }

    /** POST a JSON body with the gateway token. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> get(String path, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return send(b);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rewrites the config file with {@code edit}, reloads it ({@code POST /api/config/reload}) and
     * returns the answer's body; throws unless the reload answered 200.
     */
    public String reload(Path configFile, java.util.function.UnaryOperator<String> edit) {
        try {
            java.nio.file.Files.writeString(configFile, edit.apply(java.nio.file.Files.readString(configFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> answer = post("/api/config/reload", "{}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the reload answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /** For {@link #reload}: the config's {@code "channels"} (its last top-level key here) replaced. */
    public static java.util.function.UnaryOperator<String> channels(String channelsJson) {
        return config -> config.substring(0, config.indexOf("\"channels\"")) + channelsJson + "\n}\n";
    }

    /** {@code POST /api/chat} and the parsed answer (asserting nothing). */
    public JsonNode chat(String message, String sessionKey) {
        String body = sessionKey == null ? "{\"message\":" + quote(message) + "}"
                : "{\"message\":" + quote(message) + ",\"sessionKey\":" + quote(sessionKey) + "}";
        HttpResponse<String> response = post("/api/chat", body);
        try {
            JsonNode node = JSON.readTree(response.body());
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", response.statusCode());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
