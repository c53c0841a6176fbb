package io.pigateway.channel.telegram;

import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload in a running gateway against the fake Telegram server: an account added, removed
 * or given a new token is started, stopped or restarted alone while the other keeps answering; a
 * new streaming mode and a new groups list apply to the next message; a webhook account added,
 * re-keyed and removed by reload is served, re-keyed and refused at once.
 */
class TelegramReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MAIN = "7101:main-bot";
    private static final String WORK = "7102:work-bot";
    private static final String MAIN_NEW = "7103:main-bot-new-token";
    private static final String HOOK = "7104:hook-bot";
    private static final String HOOK_URL = "https://bot.example.invalid/telegram/hook";
    private static final String SECRET_1 = "first-secret-0123456789abcdef0123456789";
    private static final String SECRET_2 = "second-secret-0123456789abcdef012345678";
    private static final String STREAMED = "First paragraph.\n\nSecond paragraph.";

    @TempDir
    Path dir;

    @Test
    void anAccountIsAddedRemovedAndReTokenedAloneWhileTheOtherKeepsAnswering() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer(); TestGateway gw = start(pi, telegram, file)) {
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
             FakeTelegramServer telegram = new FakeTelegramServer(); TestGateway gw = start(pi, telegram, file)) {
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

    @Test
    void aWebhookAccountIsAddedReKeyedAndRemovedWithoutARestart() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer(); TestGateway gw = start(pi, telegram, file)) {
            assertThat(webhook(gw, SECRET_1, 1, "too early").statusCode()).as("no webhook: the gateway token is needed")
                    .isEqualTo(401);

            String added = gw.reload(file, TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"off\"",
                    hookAccount(SECRET_1))));

            JsonNode diff = new ObjectMapper().readTree(added);
            assertThat(diff.path("applied").toString()).contains("channels.telegram.accounts.hook.webhookUrl");
            assertThat(diff.path("restartNeeded")).isEmpty();
            FakeTelegramServer.Call set = telegram.calls("setWebhook").get(0);
            assertThat(set.token()).isEqualTo(HOOK);
            assertThat(set.params().path("url").asText()).isEqualTo(HOOK_URL);
            assertThat(set.params().path("secret_token").asText()).isEqualTo(SECRET_1);
            assertThat(webhook(gw, SECRET_1, 2, "via webhook").statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> texts(telegram, HOOK, "63").contains("echo: via webhook"));

            gw.reload(file, TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"off\"",
                    hookAccount(SECRET_2))));

            assertThat(telegram.calls("setWebhook")).hasSize(2);
            assertThat(telegram.calls("setWebhook").get(1).params().path("secret_token").asText()).isEqualTo(SECRET_2);
            assertThat(webhook(gw, SECRET_1, 3, "old secret").statusCode()).isEqualTo(401);
            assertThat(webhook(gw, SECRET_2, 4, "new secret").statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> texts(telegram, HOOK, "63").contains("echo: new secret"));

            gw.reload(file, TestGateway.channels(channel(telegram, MAIN, "\"streamingMode\": \"off\"", "")));

            assertThat(webhook(gw, SECRET_2, 5, "removed").statusCode()).as("not public any more").isEqualTo(401);
            assertThat(telegram.calls("deleteWebhook")).extracting(FakeTelegramServer.Call::token).contains(HOOK);
            assertThat(texts(telegram, HOOK, "63")).noneMatch(t -> t.contains("old secret") || t.contains("removed"));
            assertThat(getMeCalls(telegram, MAIN)).as("the polling bot was never restarted").isEqualTo(1);
        }
    }

    /** A gateway with the main bot alone, polling, answers not streamed. */
    private TestGateway start(PiTestRuntime pi, FakeTelegramServer telegram, Path file) throws Exception {
        return TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                channel(telegram, MAIN, "\"streamingMode\": \"off\"", ""), file);
    }

    private static String hookAccount(String secret) {
        return "\"accounts\": { \"hook\": { \"botToken\": \"" + HOOK + "\", \"webhookUrl\": \"" + HOOK_URL
                + "\", \"webhookSecret\": \"" + secret + "\" } },";
    }

    /** Telegram's POST of an update to the hook account's webhook, with {@code secret}, without the gateway token. */
    private static HttpResponse<String> webhook(TestGateway gw, String secret, int updateId, String text) {
        String update = "{\"update_id\":" + updateId + ",\"message\":" + privateText(63, text) + "}";
        return gw.send(HttpRequest.newBuilder(URI.create(gw.url("/telegram/hook")))
                .header("X-Telegram-Bot-Api-Secret-Token", secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update)));
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
