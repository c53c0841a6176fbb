package io.pigateway.app;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Telegram leader is SIGKILLed (its own JVM) while a turn waits for the model: the other
 * gateway on the same PostgreSQL store takes the polling over within seconds, answers the message
 * the dead leader had taken in (from the shared journal) once, and then the new messages.
 */
class TelegramLeaderCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOT = "7401:crash-bot";

    @TempDir
    Path dir;

    @Test
    void aKilledLeadersMessageIsAnsweredOnceByTheInstanceThatTakesOver() throws Exception {
        PostgresTarget db = TestPostgres.shared().freshDatabase("crash", 4);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("slow")
                    ? FakeLlmServer.Reply.text("never delivered").delayed(20_000) // the crash comes first
                    : FakeLlmServer.defaultReply(request));
            String shared = """
                    "store": { "kind": "postgres", "postgres": { "url": "%s", "user": "%s" } },
                    "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                      "dmPolicy": "open", "streamingMode": "off" } }
                    """.formatted(db.url(), db.user(), telegram.baseUrl(), BOT);
            Process leader = startGateway(pi, shared);
            long killedAt;
            try (TestGateway follower = awaitLeaderThenStartFollower(pi, telegram, llm, shared)) {
                List<ProcessHandle> children = leader.toHandle().descendants().toList();
                killedAt = System.nanoTime();
                leader.destroyForcibly(); // SIGKILL: the session's socket closes, the lock is free
                children.forEach(ProcessHandle::destroyForcibly);
                assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();
                llm.setResponder(FakeLlmServer::defaultReply);

                await().atMost(Duration.ofSeconds(10)).until(() -> leads(follower));
                System.out.printf("telegram polling fail-over after a SIGKILL of the leader: %d ms%n",
                        (System.nanoTime() - killedAt) / 1_000_000);
                await().atMost(WAIT).until(() -> texts(telegram).contains("echo: slow one"));
                telegram.addMessage(BOT, privateText(51, "after"));
                await().atMost(WAIT).until(() -> texts(telegram).contains("echo: after"));
            } finally {
                leader.destroyForcibly();
            }
            assertThat(texts(telegram)).containsExactly("echo: before", "echo: slow one", "echo: after");
        }
    }

    /** The leader answers one message and takes in a slow one; then the follower starts (and does not lead). */
    private TestGateway awaitLeaderThenStartFollower(PiTestRuntime pi, FakeTelegramServer telegram, FakeLlmServer llm,
                                                     String shared) throws Exception {
        telegram.addMessage(BOT, privateText(51, "before"));
        await().atMost(WAIT).until(() -> texts(telegram).contains("echo: before"));
        telegram.addMessage(BOT, privateText(51, "slow one"));
        await().atMost(WAIT).until(() -> llm.requests().stream()
                .anyMatch(r -> FakeLlmServer.lastUserText(r).contains("slow one")));
        TestGateway follower = TestGateway.start(pi, dir.resolve("follower"), 1, 1, shared);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !leads(follower));
        return follower;
    }

    private static boolean leads(TestGateway gw) throws Exception {
        return new ObjectMapper().readTree(gw.get("/health", true).body())
                .path("cluster").path("leader").path("telegram-default").asBoolean(false);
    }

    /** {@code pi-gw gateway} in its own JVM (the leader: it starts first); its output goes to leader.log. */
    private Process startGateway(PiTestRuntime pi, String shared) throws Exception {
        Path config = dir.resolve("leader.jsonc");
        Files.writeString(config, """
                { "gateway": { "port": %d, "dataDir": "%s", "auth": { "token": "%s" }, "http": { "warmUpRounds": 0 } },
                  "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                             "runtime": { "agentDir": "%s" }, "pool": { "min": 1, "max": 1 } },
                  %s }
                """.formatted(TestGateway.freePort(), dir.resolve("leader"), TestGateway.TOKEN, pi.piCli(), pi.workDir(),
                pi.agentDir(), shared));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "io.pigateway.cli.PiGwCli", "gateway", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("leader.log").toFile()).start();
    }

    private static List<String> texts(FakeTelegramServer telegram) {
        return telegram.messagesIn("51").stream().map(FakeTelegramServer.Sent::text).toList();
    }
}
