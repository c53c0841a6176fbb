package io.pigateway.channel.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.cli.PiGwCli;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeDiscordServer.Sent;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.ToolScript;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The Discord channel end to end: fake Discord (REST + gateway WebSocket, zlib-stream) → JDA →
 * gateway → real pi → fake LLM → back through JDA to the fake. One gateway (pool 1) with several
 * bots covers the DM policies and the streaming modes; guild 500 (channel 501, thread 502) needs a
 * mention, guild 600 does not, guild 700 is not listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscordEndToEndTest {
    static final String DEF = "def-token";
    static final String BLK = "blk-token";
    static final String OFF = "off-token";
    static final String ALW = "alw-token";
    static final String DIS = "dis-token";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String STREAMED = "First paragraph of the answer.\n\nSecond paragraph, **bold** at the end.";

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeDiscordServer discord;
    Path dataDir;
    Path configFile;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(request -> {
            Reply scripted = ToolScript.reply(request);
            if (scripted != null) {
                return scripted;
            }
            String text = FakeLlmServer.lastUserText(request);
            if (text.contains("LONG")) {
                return Reply.chunked(longAnswer(), 700);
            }
            if (text.contains("STREAM")) {
                return Reply.chunked(STREAMED, 6).chunkDelay(60);
            }
            return FakeLlmServer.defaultReply(request);
        });
        pi = PiTestRuntime.create(llm);
        discord = new FakeDiscordServer(DEF, BLK, OFF, ALW, DIS);
        discord.addGuild("500", "501").addThread("500", "501", "502").addGuild("600", "601").addGuild("700", "701");
        discord.addFile("notes.txt", "attached notes".getBytes());
        dataDir = Files.createTempDirectory("dc-e2e");
        configFile = dataDir.resolve("cli.jsonc");
        Files.writeString(configFile, "{ \"gateway\": { \"dataDir\": \"" + dataDir + "\", \"auth\": { \"token\": \""
                + TestGateway.TOKEN + "\" } } }");
        gw = startGateway();
        awaitConnected();
    }

    TestGateway startGateway() throws Exception {
        String channel = """
                "security": { "ssrfGuard": { "allowedHosts": ["127.0.0.1"] } },
                "channels": { "discord": {
                  "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                  "streamingMode": "partial", "cdnHosts": ["127.0.0.1"],
                  "guilds": { "500": { "allowFrom": ["*"] }, "600": { "requireMention": false, "allowFrom": ["*"] } },
                  "accounts": {
                    "blk": { "token": "%s", "dmPolicy": "open", "streamingMode": "block" },
                    "off": { "token": "%s", "dmPolicy": "open", "streamingMode": "off" },
                    "alw": { "token": "%s", "dmPolicy": "allowlist", "allowlist": ["51"], "streamingMode": "off" },
                    "dis": { "token": "%s", "dmPolicy": "disabled", "streamingMode": "off" }
                  } } }
                """.formatted(DEF, discord.apiBaseUrl(), discord.gatewayUrl(), BLK, OFF, ALW, DIS);
        return TestGateway.start(pi, dataDir, 1, 1, channel);
    }

    void awaitConnected() {
        DiscordChannel channel = (DiscordChannel) gw.runtime().channels().get("discord");
        await().atMost(WAIT).until(() -> channel.connectionStates().values().stream().allMatch("connected"::equals));
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        discord.close();
        pi.close();
        llm.close();
    }

    static String longAnswer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 5000; i++) {
            sb.append("Line ").append(i).append(" of a long answer that needs more than one Discord message.\n");
        }
        return sb.toString().strip();
    }

    List<String> texts(String channelId) {
        return discord.textsIn(channelId);
    }

    List<String> dmTexts(String userId) {
        return discord.textsIn(FakeDiscordServer.dmChannel(userId));
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
    void connectsWithZlibStreamAndRegistersTheSlashCommands() {
        assertThat(discord.gateway(DEF).lastQuery()).contains("compress=zlib-stream", "encoding=json", "v=10");
        assertThat(discord.gateway(DEF).received()).anySatisfy(f -> assertThat(f).contains("\"op\":2"));
        await().atMost(WAIT).until(() -> discord.calls("PUT", "/commands").size() >= 5);
        assertThat(discord.calls("PUT", "/commands").get(0).body().toString())
                .contains("\"new\"", "\"stop\"", "\"status\"", "\"help\"");
        assertThat(gw.get("/health", true).body()).contains("discord");
    }

    @Test
    @Order(2)
    void pairingThroughTheCliThenPartialStreamingWithTyping() {
        discord.sendDm(DEF, "42", "hello from a stranger");
        await().atMost(WAIT).until(() -> dmTexts("42").size() == 1);
        String reply = dmTexts("42").get(0);
        assertThat(reply).contains("pairing code", "pi-gw pairing approve discord");
        String code;
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            List<PairingRequest> pending = new PairingStore(store).pending();
            assertThat(pending).singleElement().satisfies(p -> assertThat(p.senderId()).isEqualTo("42"));
            code = pending.get(0).code();
        }
        assertThat(llmSaw("hello from a stranger")).isFalse();
        assertThat(cli("pairing", "approve", "discord", code, "--config", configFile.toString())).isEqualTo(0);

        int editsBefore = discord.calls("PATCH", "/messages/").size();
        discord.sendDm(DEF, "42", "STREAM please");
        await().atMost(WAIT).until(() -> dmTexts("42").size() == 2 && dmTexts("42").get(1).equals(STREAMED));
        assertThat(discord.calls("PATCH", "/messages/").size()).isGreaterThan(editsBefore); // edited in place
        assertThat(discord.calls("POST", "/typing")).isNotEmpty();
        assertThat(gw.runtime().service().session("agent:main:discord:dm:42")).isPresent();
    }

    @Test
    @Order(3)
    void guildChannelsNeedAMentionOrAReplyAndUnlistedGuildsAreIgnored() {
        discord.sendGuild(DEF, "500", "501", "7", "unaddressed chatter", false);
        discord.sendGuild(DEF, "700", "701", "7", "in an unlisted guild", true);
        discord.sendGuild(DEF, "500", "501", "7", "addressed question", true);
        await().atMost(WAIT).until(() -> texts("501").contains("echo: addressed question"));
        assertThat(llmSaw("unaddressed chatter")).isFalse();
        assertThat(llmSaw("in an unlisted guild")).isFalse();
        assertThat(llmSaw("<@")).isFalse(); // the mention is stripped
        assertThat(gw.runtime().service().session("agent:main:discord:channel:501")).isPresent();

        String botMessage = discord.messagesIn("501").get(0).messageId();
        discord.dispatch(DEF, discord.asReplyTo(discord.guildMessage("500", "501", "7", "a reply to the bot"),
                discord.botId(DEF), botMessage));
        await().atMost(WAIT).until(() -> texts("501").contains("echo: a reply to the bot"));

        discord.sendGuild(DEF, "600", "601", "8", "no mention needed here", false);
        await().atMost(WAIT).until(() -> texts("601").contains("echo: no mention needed here"));
        assertThat(texts("701")).isEmpty();
    }

    @Test
    @Order(4)
    void threadsHaveTheirOwnSessionAndAnswersGoToTheThread() {
        discord.sendGuild(DEF, "500", "502", "7", "in the thread", true);
        await().atMost(WAIT).until(() -> texts("502").contains("echo: in the thread"));
        assertThat(gw.runtime().service().session("agent:main:discord:thread:501:502")).isPresent();
        assertThat(texts("501")).doesNotContain("echo: in the thread");
    }

    @Test
    @Order(5)
    void blockModeSendsOneMessagePerParagraphAndOffModeOneMessage() {
        discord.sendDm(BLK, "61", "STREAM in blocks");
        await().atMost(WAIT).until(() -> dmTexts("61").size() == 2);
        assertThat(dmTexts("61")).containsExactly("First paragraph of the answer.",
                "Second paragraph, **bold** at the end.");

        int edits = discord.calls("PATCH", "/messages/").size();
        discord.sendDm(OFF, "62", "STREAM at once");
        await().atMost(WAIT).until(() -> dmTexts("62").size() == 1);
        assertThat(dmTexts("62")).containsExactly(STREAMED);
        assertThat(discord.calls("PATCH", "/messages/").size()).isEqualTo(edits);
    }

    @Test
    @Order(6)
    void aLongAnswerIsSplitUnder2000Characters() {
        discord.sendDm(OFF, "63", "LONG please");
        await().atMost(WAIT).until(() -> String.join("\n", dmTexts("63")).replace("\n", "")
                .equals(longAnswer().replace("\n", "")));
        assertThat(dmTexts("63")).hasSizeGreaterThanOrEqualTo(3).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(2000));
    }

    @Test
    @Order(7)
    void dmPoliciesAllowlistAndDisabled() {
        discord.sendDm(ALW, "52", "not on the list");
        discord.sendDm(ALW, "51", "on the list");
        await().atMost(WAIT).until(() -> dmTexts("51").contains("echo: on the list"));
        discord.sendDm(DIS, "53", "dms are off");
        discord.sendDm(OFF, "64", "open is open");
        await().atMost(WAIT).until(() -> dmTexts("64").contains("echo: open is open"));
        assertThat(llmSaw("not on the list")).isFalse();
        assertThat(llmSaw("dms are off")).isFalse();
        assertThat(dmTexts("52")).isEmpty();
        assertThat(dmTexts("53")).isEmpty();
    }

    @Test
    @Order(8)
    void apiSendDeliversThroughTheRunningGateway() {
        assertThat(gw.post("/api/send", "{\"to\":\"discord:501\",\"message\":\"Hello **you**\"}").statusCode())
                .isEqualTo(200);
        assertThat(texts("501")).last().isEqualTo("Hello **you**");
        assertThat(gw.post("/api/send", "{\"to\":\"discord:off:601\",\"message\":\"from off\"}").statusCode())
                .isEqualTo(200);
        assertThat(discord.messagesIn("601")).last().satisfies(m -> {
            assertThat(m.content()).isEqualTo("from off");
            assertThat(m.botId()).isEqualTo(discord.botId(OFF));
        });
        assertThat(gw.post("/api/send", "{\"to\":\"discord:nope:1\",\"message\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(cli("send", "--config", configFile.toString(), "--url", gw.runtime().baseUrl(),
                "--to", "discord:601", "--message", "from the cli")).isEqualTo(0);
        assertThat(texts("601")).last().isEqualTo("from the cli");
    }
}
