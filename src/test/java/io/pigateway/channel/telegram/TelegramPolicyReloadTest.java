package io.pigateway.channel.telegram;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
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

/** {@code POST /api/config/reload} changes who may talk to the bot at once: no restart. */
class TelegramPolicyReloadTest {
    private static final String BOT = "7001:reload-bot";

    @TempDir
    Path dir;

    @Test
    void aReloadedAllowlistAppliesToTheNextMessage() throws Exception {
        Path configFile = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer();
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "", channels(telegram, "[\"51\"]"),
                     configFile)) {
            telegram.addMessage(BOT, privateText(52, "before the reload"));
            telegram.addMessage(BOT, privateText(51, "listed"));
            await().atMost(Duration.ofSeconds(60)).until(() -> texts(telegram, "51").contains("echo: listed"));
            assertThat(texts(telegram, "52")).isEmpty();

            String config = Files.readString(configFile);
            Files.writeString(configFile, config.replace("\"allowlist\": [\"51\"]", "\"allowlist\": [\"51\", \"52\"]"));
            assertThat(gw.post("/api/config/reload", "{}").statusCode()).isEqualTo(200);

            telegram.addMessage(BOT, privateText(52, "after the reload"));
            await().atMost(Duration.ofSeconds(60)).until(() -> texts(telegram, "52").contains("echo: after the reload"));
            assertThat(FakeLlmServer.allText(llm.requests().get(llm.requests().size() - 1)))
                    .doesNotContain("before the reload");
        }
    }

    private static String channels(FakeTelegramServer telegram, String allowlist) {
        return """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                  "dmPolicy": "allowlist", "allowlist": %s, "streamingMode": "off" } }
                """.formatted(telegram.baseUrl(), BOT, allowlist);
    }

    private static List<String> texts(FakeTelegramServer telegram, String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }
}
