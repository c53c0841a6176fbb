package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pi-gw gateway} as its own JVM, as an operator runs it: it answers, and SIGTERM ends it
 * together with every pi process it started (no orphans).
 */
class GatewayProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheGatewayAndEveryPiChild() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm)) {
            int port = TestGateway.freePort();
            Process gateway = startGateway(pi, port, "", 2);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest chat = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat"))
                        .header("Authorization", "Bearer " + TestGateway.TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"from a real process\"}")).build();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                        () -> http.send(chat, HttpResponse.BodyHandlers.ofString()).body()
                                .contains("echo: from a real process"));
                await().atMost(Duration.ofSeconds(30)).until(() -> piChildren(gateway).size() >= 2);
                List<ProcessHandle> children = piChildren(gateway);

                // SIGTERM to the gateway and its pi processes at once, as `timeout` or systemd's
                // KillMode=control-group do: a normal stop, so no stack trace and no WARN about pi
                children.forEach(ProcessHandle::destroy);
                gateway.destroy();
                assertThat(gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                for (ProcessHandle child : children) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
                }
                String log = Files.readString(dir.resolve("gateway.log"));
                assertThat(log).contains("pi-gateway is up", "Gateway token: gateway.auth.token")
                        .doesNotContain("RejectedExecutionException", "exited with code", "Exception");
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermDrainsATurnInFlightBeforeStopping() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("SLOW")
                    ? FakeLlmServer.Reply.text("answered before the stop").delayed(3_000)
                    : FakeLlmServer.defaultReply(request));
            int port = TestGateway.freePort();
            Process gateway = startGateway(pi, port, "\"drainTimeoutMs\": 30000,", 1);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                        () -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                HttpRequest chat = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat"))
                        .header("Authorization", "Bearer " + TestGateway.TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"SLOW one\"}")).build();
                var answer = http.sendAsync(chat, HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(60)).until(() -> llm.requestCount() >= 1); // the turn runs
                List<ProcessHandle> children = piChildren(gateway);

                gateway.destroy(); // SIGTERM to the gateway only, as systemd's KillMode=mixed does
                // (without the drain pi would be stopped under the turn and the answer lost)

                HttpResponse<String> answered = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(200);
                assertThat(answered.body()).contains("answered before the stop");
                assertThat(gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                for (ProcessHandle child : children) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
                }
                assertThat(Files.readString(dir.resolve("gateway.log"))).doesNotContain("Exception", "exited with code");
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /** {@code pi-gw gateway} in its own JVM with {@code pool} pi processes; its output goes to gateway.log. */
    private Process startGateway(PiTestRuntime pi, int port, String gatewayExtra, int pool) throws Exception {
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, """
                { "gateway": { %s "port": %d, "dataDir": "%s", "auth": { "token": "%s" } },
                  "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                             "runtime": { "agentDir": "%s" }, "pool": { "min": %d, "max": %d } } }
                """.formatted(gatewayExtra, port, dir.resolve("data"), TestGateway.TOKEN, pi.piCli(), pi.workDir(),
                pi.agentDir(), pool, pool));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "io.pigateway.cli.PiGwCli", "gateway", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
    }

    /** The gateway starts no other programs, so its child processes are its pi processes. */
    private static List<ProcessHandle> piChildren(Process gateway) {
        return gateway.toHandle().children().toList();
    }
}
