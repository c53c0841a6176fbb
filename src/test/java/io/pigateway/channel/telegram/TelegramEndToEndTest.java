package io.pigateway.channel.telegram;

import static io.pigateway.testing.FakeTelegramServer.botUsername;
import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static io.pigateway.testing.FakeTelegramServer.topicText;
import static io.pigateway.testing.FakeTelegramServer.withCommand;
import static io.pigateway.testing.FakeTelegramServer.withMention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.cli.PiGwCli;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.FakeTelegramServer.Sent;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The Telegram channel end to end: fake Bot API server → gateway → real pi → fake LLM → back to the
 * fake Bot API. One gateway (pool 1) with several bots covers accounts and every streaming mode;
 * the last test restarts it on the same data dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramEndToEndTest {
    static final String DEF = "100:DEF";
    static final String BLK = "200:BLK";
    static final String OFF = "300:OFF";
    static final String DRF = "400:DRF";
    static final String HOOK = "500:HOOK";
    static final String ALW = "600:ALW";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String STREAMED = "First paragraph of the answer.\n\nSecond paragraph, **bold** at the end.";

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    Path dataDir;
    Path configFile;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(request -> {
            String text = FakeLlmServer.lastUserText(request);
            if (text.contains("LONG")) {
                return Reply.chunked(longAnswer(), 700);
            }
            if (text.contains("SLOW")) {
                return Reply.chunked("slow answer that takes a long while to arrive", 2).chunkDelay(400);
            }
            if (text.contains("STREAM")) {
                return Reply.chunked(STREAMED, 6).chunkDelay(60);
            }
            return FakeLlmServer.defaultReply(request);
        });
        pi = PiTestRuntime.create(llm);
        telegram = new FakeTelegramServer();
        dataDir = Files.createTempDirectory("tg-e2e");
        configFile = dataDir.resolve("cli.jsonc");
        Files.writeString(configFile, "{ \"gateway\": { \"dataDir\": \"" + dataDir + "\", \"auth\": { \"token\": \""
                + TestGateway.TOKEN + "\" } } }");
        gw = startGateway();
    }

    TestGateway startGateway() throws Exception {
        String channel = """
                "channels": { "telegram": {
                  "enabled": true, "apiBaseUrl": "%s", "botToken": "%s", "streamingMode": "partial",
                  "groups": { "-100": { "requireMention": true, "allowFrom": ["7"] }, "-200": { "allowFrom": ["*"] },
                              "-400": { "requireMention": false }, "-500": { "allowFrom": ["*"] } },
                  "accounts": {
                    "blk": { "botToken": "%s", "dmPolicy": "open", "streamingMode": "block" },
                    "off": { "botToken": "%s", "dmPolicy": "open", "streamingMode": "off" },
                    "drf": { "botToken": "%s", "dmPolicy": "open", "streamingMode": "draft" },
                    "hook": { "botToken": "%s", "dmPolicy": "open", "streamingMode": "off",
                              "webhookUrl": "https://bot.example.invalid/telegram/hook", "webhookSecret": "s3cret-0123456789abcdef0123456789abcdef" },
                    "alw": { "botToken": "%s", "dmPolicy": "allowlist", "allowlist": ["51"], "streamingMode": "off" }
                  } } }
                """.formatted(telegram.baseUrl(), DEF, BLK, OFF, DRF, HOOK, ALW);
        return TestGateway.start(pi, dataDir, 1, 1, channel);
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        telegram.close();
        pi.close();
        llm.close();
    }

    static String longAnswer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 5000; i++) {
            sb.append("Line ").append(i).append(" of a long answer that needs more than one Telegram message.\n");
        }
        return sb.toString().strip();
    }

    List<String> textsIn(String token, String chatId) {
        return telegram.messagesIn(chatId).stream().filter(m -> m.token().equals(token)).map(Sent::text).toList();
    }

    boolean llmSaw(String text) {
        return llm.requests().stream().anyMatch(r -> FakeLlmServer.lastUserText(r).contains(text));
    }

    int cli(String... args) {
        CommandLine cli = PiGwCli.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    @Order(1)
    void startupRegistersCommandsAndTheWebhookWithItsSecret() {
        assertThat(telegram.calls("setMyCommands")).extracting(FakeTelegramServer.Call::token)
                .contains(DEF, BLK, OFF, DRF, HOOK, ALW);
        assertThat(telegram.calls("setMyCommands").get(0).params().path("commands").toString())
                .contains("\"new\"", "\"stop\"", "\"status\"", "\"help\"");
        FakeTelegramServer.Call hook = telegram.calls("setWebhook").get(0);
        assertThat(hook.token()).isEqualTo(HOOK);
        assertThat(hook.params().path("url").asText()).isEqualTo("https://bot.example.invalid/telegram/hook");
        assertThat(hook.params().path("secret_token").asText()).isEqualTo("s3cret-0123456789abcdef0123456789abcdef");
        assertThat(telegram.calls("getUpdates")).extracting(FakeTelegramServer.Call::token).doesNotContain(HOOK);
    }

    @Test
    @Order(2)
    void pairingFlowThroughTheCliThenPartialStreamingWithTyping() {
        telegram.addMessage(DEF, privateText(42, "hello from a stranger"));
        await().atMost(WAIT).until(() -> textsIn(DEF, "42").size() == 1);
        String reply = textsIn(DEF, "42").get(0);
        assertThat(reply).contains("pairing code", "pi-gw pairing approve telegram");
        String code;
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            List<PairingRequest> pending = new PairingStore(store).pending();
            assertThat(pending).singleElement().satisfies(p -> assertThat(p.senderId()).isEqualTo("42"));
            code = pending.get(0).code();
        }
        assertThat(reply).contains(code);
        assertThat(llmSaw("hello from a stranger")).isFalse();

        assertThat(cli("pairing", "list", "--config", configFile.toString())).isEqualTo(0);
        assertThat(cli("pairing", "approve", "telegram", "ZZZZZZZZ", "--config", configFile.toString())).isEqualTo(1);
        assertThat(cli("pairing", "approve", "telegram", code, "--config", configFile.toString())).isEqualTo(0);

        int editsBefore = telegram.calls("editMessageText").size();
        telegram.addMessage(DEF, privateText(42, "STREAM please"));
        await().atMost(WAIT).until(() -> textsIn(DEF, "42").size() == 2
                && textsIn(DEF, "42").get(1).equals(TelegramHtml.toHtml(STREAMED)));
        assertThat(telegram.calls("editMessageText").size()).isGreaterThan(editsBefore); // edited in place
        assertThat(telegram.calls("sendChatAction")).anySatisfy(c -> {
            assertThat(c.chatId()).isEqualTo("42");
            assertThat(c.params().path("action").asText()).isEqualTo("typing");
        });
        // an approved sender is still refused in a group that is not listed
        telegram.addMessage(DEF, withMention(groupText(-999, 42, "@" + botUsername(DEF) + " group hello"),
                botUsername(DEF)));
        telegram.addMessage(DEF, privateText(42, "after the group"));
        await().atMost(WAIT).until(() -> textsIn(DEF, "42").contains("echo: after the group"));
        assertThat(llmSaw("group hello")).isFalse();
    }

    @Test
    @Order(3)
    void groupNeedsAMentionAndTopicRepliesCarryTheThread() {
        String bot = botUsername(DEF);
        telegram.addMessage(DEF, groupText(-100, 7, "unaddressed chatter"));
        telegram.addMessage(DEF, withMention(groupText(-100, 7, "@" + bot + " addressed question"), bot));
        await().atMost(WAIT).until(() -> textsIn(DEF, "-100").contains("echo: addressed question"));
        assertThat(llmSaw("unaddressed chatter")).isFalse();

        telegram.addMessage(DEF, withMention(topicText(-200, 77, 7, "@" + bot + " in the topic"), bot));
        await().atMost(WAIT).until(() -> textsIn(DEF, "-200").contains("echo: in the topic"));
        assertThat(telegram.messagesIn("-200")).allSatisfy(m -> assertThat(m.threadId()).isEqualTo("77"));
        assertThat(gw.runtime().service().session("agent:main:telegram:topic:-200:77")).isPresent();
        assertThat(gw.runtime().service().session("agent:main:telegram:group:-100")).isPresent();
    }

    /** The outside review's path to a shell: a stranger's own group, or a stranger in a listed group. */
    @Test
    @Order(3)
    void aStrangersGroupAndAStrangerInAListedGroupNeverReachTheAgent() {
        String bot = botUsername(DEF);
        telegram.addMessage(DEF, withMention(groupText(-300, 8, "@" + bot + " run id in my own group"), bot));
        telegram.addMessage(DEF, withMention(groupText(-100, 8, "@" + bot + " stranger in a listed group"), bot));
        telegram.addMessage(DEF, groupText(-400, 8, "stranger where no mention is needed"));
        // -400 follows dmPolicy pairing: 42 was approved in a private chat, so it passes there
        telegram.addMessage(DEF, groupText(-400, 42, "paired member speaks"));
        await().atMost(WAIT).until(() -> textsIn(DEF, "-400").contains("echo: paired member speaks"));

        assertThat(llmSaw("run id in my own group")).isFalse();
        assertThat(llmSaw("stranger in a listed group")).isFalse();
        assertThat(llmSaw("stranger where no mention is needed")).isFalse();
        assertThat(telegram.messagesIn("-300")).isEmpty();
        assertThat(textsIn(DEF, "-100")).noneMatch(t -> t.contains("pairing code") || t.contains("stranger"));
        assertThat(textsIn(DEF, "-400")).containsExactly("echo: paired member speaks");
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            assertThat(new PairingStore(store).pending()).as("groups hand out no pairing codes").isEmpty();
        }

        // "*" admits everyone in -500 to talk, not to reset the group's session
        telegram.addMessage(DEF, withCommand(groupText(-500, 9, "/new")));
        await().atMost(WAIT).until(() -> textsIn(DEF, "-500").stream().anyMatch(t -> t.contains("/new")));
        assertThat(textsIn(DEF, "-500")).noneMatch(t -> t.contains("Started a fresh session"));
    }

    @Test
    @Order(4)
    void blockOffAndDraftModesOnTheirAccounts() {
        telegram.addMessage(BLK, privateText(61, "STREAM in blocks"));
        telegram.addMessage(OFF, privateText(62, "STREAM at once"));
        telegram.addMessage(DRF, privateText(63, "STREAM as draft"));
        await().atMost(WAIT).until(() -> textsIn(BLK, "61").size() == 2 && textsIn(OFF, "62").size() == 1
                && textsIn(DRF, "63").size() == 1);
        assertThat(textsIn(BLK, "61")).containsExactly("First paragraph of the answer.",
                "Second paragraph, <b>bold</b> at the end.");
        assertThat(textsIn(OFF, "62")).containsExactly(TelegramHtml.toHtml(STREAMED));
        assertThat(textsIn(DRF, "63")).containsExactly(TelegramHtml.toHtml(STREAMED));
        assertThat(telegram.calls("sendMessageDraft")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.token()).isEqualTo(DRF));
        assertThat(telegram.calls("editMessageText")).noneSatisfy(c -> assertThat(c.token()).isIn(BLK, OFF, DRF));
    }

    @Test
    @Order(5)
    void longAnswerIsSplitUnder4096() {
        telegram.addMessage(OFF, privateText(64, "LONG answer please"));
        await().atMost(WAIT).until(() -> textsIn(OFF, "64").size() >= 2);
        List<String> parts = textsIn(OFF, "64");
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(String.join("\n", parts).replaceAll("\\s+", " ")).isEqualTo(longAnswer().replaceAll("\\s+", " "));
    }

    @Test
    @Order(6)
    void allowlistAdmitsOnlyListedSenders() {
        telegram.addMessage(ALW, privateText(52, "not on the list"));
        telegram.addMessage(ALW, privateText(51, "on the list"));
        await().atMost(WAIT).until(() -> textsIn(ALW, "51").contains("echo: on the list"));
        assertThat(textsIn(ALW, "52")).isEmpty();
        assertThat(llmSaw("not on the list")).isFalse();
    }

    @Test
    @Order(6)
    void pollingRecoversFrom409AndServerErrors() {
        telegram.failNextFor(OFF, "getUpdates", 2, 409, "Conflict: terminated by other getUpdates request");
        telegram.failNextFor(OFF, "getUpdates", 1, 502, "Bad Gateway");
        await().atMost(WAIT).until(() -> telegram.pendingFailures() == 0); // the poller hit all three
        telegram.addMessage(OFF, privateText(68, "after the conflict"));
        await().atMost(WAIT).until(() -> textsIn(OFF, "68").contains("echo: after the conflict"));
    }

    @Test
    @Order(6)
    void stopAbortsTheRunningTurn() {
        String key = "agent:main:telegram:dm:69";
        telegram.addMessage(OFF, privateText(69, "SLOW please"));
        await().atMost(WAIT).until(() -> gw.runtime().service().isBusy(key) && llmSaw("SLOW please"));
        telegram.addMessage(OFF, withCommand(privateText(69, "/stop")));
        await().atMost(WAIT).until(() -> textsIn(OFF, "69").contains("Stopping the current answer."));
        await().atMost(WAIT).until(() -> !gw.runtime().service().isBusy(key));
        assertThat(textsIn(OFF, "69")).doesNotContain("slow answer that takes a long while to arrive");
    }

    @Test
    @Order(7)
    void webhookChecksTheSecret() {
        ObjectNode update = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("update_id", 1);
        update.set("message", privateText(71, "via webhook"));
        assertThat(postWebhook(update.toString(), null).statusCode()).isEqualTo(401);
        assertThat(postWebhook(update.toString(), "wrong").statusCode()).isEqualTo(401);
        assertThat(llmSaw("via webhook")).isFalse();
        assertThat(postWebhook(update.toString(), "s3cret-0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> textsIn(HOOK, "71").contains("echo: via webhook"));
        // Telegram re-delivering the same update is dropped
        assertThat(postWebhook(update.toString(), "s3cret-0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(200);
        assertThat(llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains("via webhook")))
                .hasSize(1);
    }

    HttpResponse<String> postWebhook(String body, String secret) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url("/telegram/hook")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return gw.send(b);
    }

    @Test
    @Order(8)
    void mediaInIsDownloadedAndItsPathGoesIntoThePrompt() {
        telegram.addFile("photo-big", new byte[] {9, 8, 7});
        ObjectNode m = privateText(65, null);
        m.put("caption", "what is in this picture");
        m.putArray("photo").addObject().put("file_id", "photo-big").put("width", 10);
        telegram.addMessage(OFF, m);
        await().atMost(WAIT).until(() -> !textsIn(OFF, "65").isEmpty());
        JsonNode request = llm.requests().stream()
                .filter(r -> FakeLlmServer.lastUserText(r).contains("what is in this picture")).findFirst().orElseThrow();
        String prompt = FakeLlmServer.lastUserText(request);
        assertThat(prompt).contains("[attached photo: " + dataDir.resolve("media/telegram/off/65"));
        String path = prompt.substring(prompt.indexOf("[attached photo: ") + 17, prompt.lastIndexOf(']'));
        assertThat(Path.of(path)).hasBinaryContent(new byte[] {9, 8, 7});
    }

    @Test
    @Order(8)
    void aStrangersFileIsNeverDownloaded() {
        telegram.addFile("stranger-photo", new byte[] {1, 2, 3});
        ObjectNode m = privateText(66, null);
        m.put("caption", "look at my file");
        m.putArray("photo").addObject().put("file_id", "stranger-photo").put("width", 10);
        telegram.addMessage(DEF, m); // the default account pairs: 66 is a stranger
        await().atMost(WAIT).until(() -> textsIn(DEF, "66").stream().anyMatch(t -> t.contains("pairing code")));
        assertThat(telegram.calls("getFile")).noneSatisfy(c ->
                assertThat(c.params().path("file_id").asText()).isEqualTo("stranger-photo"));
        assertThat(dataDir.resolve("media/telegram/default/66")).doesNotExist();
        assertThat(llmSaw("look at my file")).isFalse();
    }

    @Test
    @Order(9)
    void commandsNewStatusHelp() throws Exception {
        telegram.addMessage(OFF, privateText(66, "remember KIWI"));
        await().atMost(WAIT).until(() -> textsIn(OFF, "66").contains("echo: remember KIWI"));
        String key = "agent:main:telegram:dm:66";
        String oldFile = gw.runtime().service().session(key).orElseThrow().sessionFile();

        telegram.addMessage(OFF, withCommand(privateText(66, "/status")));
        await().atMost(WAIT).until(() -> textsIn(OFF, "66").stream().anyMatch(t -> t.contains("Session: " + key)));
        telegram.addMessage(OFF, withCommand(privateText(66, "/help")));
        await().atMost(WAIT).until(() -> textsIn(OFF, "66").stream().anyMatch(t -> t.contains("/new")));
        telegram.addMessage(OFF, withCommand(privateText(66, "/new")));
        await().atMost(WAIT).until(() -> textsIn(OFF, "66").contains("Started a fresh session."));
        assertThat(gw.runtime().service().session(key).orElseThrow().sessionFile()).isNotEqualTo(oldFile);

        telegram.addMessage(OFF, privateText(66, "what did I say?"));
        await().atMost(WAIT).until(() -> textsIn(OFF, "66").contains("echo: what did I say?"));
        JsonNode last = llm.requests().get(llm.requests().size() - 1);
        assertThat(FakeLlmServer.allText(last)).doesNotContain("KIWI");
    }

    @Test
    @Order(10)
    void apiSendAndTheSendCommand() {
        assertThat(gw.post("/api/send", "{\"to\":\"telegram:555\",\"message\":\"Hello **you**\"}").statusCode())
                .isEqualTo(200);
        assertThat(textsIn(DEF, "555")).containsExactly("Hello <b>you</b>");
        assertThat(gw.post("/api/send", "{\"to\":\"telegram:default:-200:topic:77\",\"message\":\"to the topic\"}")
                .statusCode()).isEqualTo(200);
        assertThat(telegram.messagesIn("-200")).last().satisfies(m -> {
            assertThat(m.text()).isEqualTo("to the topic");
            assertThat(m.threadId()).isEqualTo("77");
        });
        assertThat(gw.post("/api/send", "{\"to\":\"telegram:nope:1\",\"message\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(gw.post("/api/send", "{\"to\":\"discord:1\",\"message\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(gw.post("/api/send", "{\"to\":\"telegram:x y\",\"message\":\"x\"}").statusCode()).isEqualTo(400);
        // Telegram refuses: an unknown chat is a 404 sentence, any other refusal a 502, never a stack trace
        telegram.failNextFor(DEF, "sendMessage", 1, 400, "Bad Request: chat not found");
        var unknown = gw.post("/api/send", "{\"to\":\"telegram:777\",\"message\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("does not know the chat 777").doesNotContain("Exception", "at io.");
        telegram.failNextFor(DEF, "sendMessage", 1, 403, "Forbidden: bot was blocked by the user");
        var blocked = gw.post("/api/send", "{\"to\":\"telegram:778\",\"message\":\"x\"}");
        assertThat(blocked.statusCode()).isEqualTo(502);
        assertThat(blocked.body()).contains("did not deliver", "blocked by the user").doesNotContain("Exception");

        assertThat(cli("send", "--config", configFile.toString(), "--url", gw.runtime().baseUrl(),
                "--to", "telegram:blk:556", "--message", "from the cli")).isEqualTo(0);
        assertThat(textsIn(BLK, "556")).containsExactly("from the cli");
    }

    @Test
    @Order(11)
    void restartNeitherLosesNorRepeatsUpdates() throws Exception {
        telegram.addMessage(OFF, privateText(67, "before restart"));
        await().atMost(WAIT).until(() -> textsIn(OFF, "67").contains("echo: before restart"));
        gw.close();
        gw = null;
        ObjectNode whileDown = privateText(67, "sent while down");
        long id = telegram.addMessage(OFF, whileDown);
        telegram.addMessage(OFF, whileDown.deepCopy()); // Telegram delivering the same message twice
        gw = startGateway();
        await().atMost(WAIT).until(() -> textsIn(OFF, "67").contains("echo: sent while down"));
        await().atMost(WAIT).until(() -> telegram.pendingUpdates(OFF) == 0);
        assertThat(textsIn(OFF, "67")).containsExactly("echo: before restart", "echo: sent while down");
        assertThat(llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains("before restart")))
                .hasSize(1);
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            assertThat(store.get("telegram.offset", "off")).contains(Long.toString(id + 2));
        }
    }
}
