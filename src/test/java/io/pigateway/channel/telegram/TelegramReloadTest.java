package io.pigateway.channel.telegram;

import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload in a running gateway against the fake Telegram server: an account added, removed
 * or given a new token is started, stopped or restarted alone while the other keeps answering; a
 * new streaming mode and a new groups list apply to the next message.
 */
class TelegramReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MAIN = "7101:main-bot";
    private static final String WORK = "7102:work-bot";
    private static final String MAIN_NEW = "7103:main-bot-new-token";
    private static final String STREAMED = "First paragraph.\n\nSecond paragraph.";

    @TempDir
    Path dir;

    @Test
    void anAccountIsAddedRemovedAndReTokenedAloneWhileTheOtherKeepsAnswering() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer();
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                     channel(telegram, MAIN, "\"streamingMode\": \"off\"", ""), file)) {
            telegram.addMessage(MAIN, privateText(61, "hello main"));
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "61").contains("echo: hello main"));

            String added = gw.reload(file, TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"off\"",
                    "\"accounts\": { \"work\": { \"botToken\": \"" + WORK + "\" } },")));
            telegram.addMessage(WORK, privateText(62, "hello work"));
            telegram.addMessage(MAIN, privateText(61, "main still here"));

            assertThat(added).contains("\"applied\"", "channels.telegram.accounts.work.botToken");
            await().atMost(WAIT).until(() -> texts(telegram, WORK, "62").contains("echo: hello work"));
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "61").contains("echo: main still here"));

            String removed = gw.reload(file,
                    TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"off\"", "")));
            telegram.addMessage(WORK, privateText(62, "nobody polls me"));
            telegram.addMessage(MAIN, privateText(61, "main after removal"));

            assertThat(removed).contains("channels.telegram.accounts.work.botToken");
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "61").contains("echo: main after removal"));
            assertThat(telegram.pendingUpdates(WORK)).as("the work bot's poller stopped").isEqualTo(1);
            assertThat(getMeCalls(telegram, MAIN)).as("the main bot was never restarted").isEqualTo(1);

            String retokened = gw.reload(file,
                    TestGateway.channels(channel(telegram, MAIN_NEW, "\"streamingMode\": \"off\"", "")));
            telegram.addMessage(MAIN_NEW, privateText(61, "new token"));

            assertThat(retokened).contains("channels.telegram.botToken");
            await().atMost(WAIT).until(() -> texts(telegram, MAIN_NEW, "61").contains("echo: new token"));
            assertThat(gw.get("/health", true).body()).contains("telegram");
        }
    }

    @Test
    void aNewStreamingModeAndGroupsListApplyToTheNextMessage() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer();
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                     channel(telegram, MAIN, "\"streamingMode\": \"off\"", ""), file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("STREAM")
                    ? Reply.chunked(STREAMED, 6).chunkDelay(60) : FakeLlmServer.defaultReply(request));
            telegram.addMessage(MAIN, groupText(-100, 7, "group before"));
            telegram.addMessage(MAIN, privateText(61, "STREAM before"));
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "61").size() == 1);
            assertThat(texts(telegram, MAIN, "-100")).as("the group is not listed").isEmpty();
            assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.allText(r).contains("group before"));

            String answer = gw.reload(file, TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"block\"",
                    "\"groups\": { \"-100\": { \"requireMention\": false, \"allowFrom\": [\"*\"] } },")));
            telegram.addMessage(MAIN, groupText(-100, 7, "group after"));
            telegram.addMessage(MAIN, privateText(61, "STREAM after"));

            assertThat(answer).contains("channels.telegram.streamingMode", "channels.telegram.groups.-100.requireMention");
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "-100").contains("echo: group after"));
            await().atMost(WAIT).until(() -> texts(telegram, MAIN, "61").size() == 3);
            assertThat(texts(telegram, MAIN, "61")).containsExactly(TelegramHtml.toHtml(STREAMED),
                    "First paragraph.", "Second paragraph.");
        }
    }

    private static String channel(FakeTelegramServer telegram, String token, String streaming, String more) {
        return """
                "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                  "dmPolicy": "open", %s %s } }
                """.formatted(telegram.baseUrl(), token, more, streaming);
    }

    private static List<String> texts(FakeTelegramServer telegram, String token, String chatId) {
        return telegram.messagesIn(chatId).stream().filter(m -> m.token().equals(token))
                .map(FakeTelegramServer.Sent::text).toList();
    }

    private static long getMeCalls(FakeTelegramServer telegram, String token) {
        return telegram.calls("getMe").stream().filter(c -> c.token().equals(token)).count();
    }
}
