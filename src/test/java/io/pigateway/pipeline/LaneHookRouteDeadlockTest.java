package io.pigateway.pipeline;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YAML route at {@code direct:hook-before_agent_start} must not stop a channel after its first
 * message: the second Telegram DM is answered too.
 */
class LaneHookRouteDeadlockTest {
    static final String BOT = "100:LANEHOOK";

    @TempDir
    Path dataDir;

    @Test
    void aHookRouteOnTheTurnPathDoesNotBlockTheChannel() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer();
             PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            Path routes = Files.createDirectories(dataDir.resolve("routes"));
            Files.writeString(routes.resolve("hook.yaml"), """
                    - route:
                        id: watch-turns
                        from:
                          uri: direct:hook-before_agent_start
                          steps:
                            - log:
                                message: "turn of ${body[sessionKey]}"
                                loggingLevel: DEBUG
                    """);
            try (TestGateway gw = TestGateway.start(pi, dataDir.resolve("data"), 1, 1,
                    "\"routesDir\": \"" + routes + "\",", "", """
                            "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                              "dmPolicy": "open", "streamingMode": "off" } }
                            """.formatted(telegram.baseUrl(), BOT))) {
                telegram.addMessage(BOT, privateText(7, "one"));
                await().atMost(Duration.ofSeconds(60)).until(() -> answers(telegram).contains("echo: one"));
                telegram.addMessage(BOT, privateText(7, "two"));
                await().atMost(Duration.ofSeconds(30)).until(() -> answers(telegram).contains("echo: two"));
            }
        }
    }

    static List<String> answers(FakeTelegramServer telegram) {
        return telegram.messagesIn("7").stream().map(FakeTelegramServer.Sent::text).toList();
    }
}
