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
    static final String NOI = "noi-token";
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
        discord = new FakeDiscordServer(DEF, BLK, OFF, ALW, DIS, NOI);
        discord.gateway(NOI).refuseIntents(true); // as if Message Content were off in the Developer Portal
        discord.heartbeatIntervalMs(1_000);
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
                    "dis": { "token": "%s", "dmPolicy": "disabled", "streamingMode": "off" },
                    "noi": { "token": "%s" },
                    "bad": { "token": "not-a-valid-token" }
                  } } }
                """.formatted(DEF, discord.apiBaseUrl(), discord.gatewayUrl(), BLK, OFF, ALW, DIS, NOI);
        return TestGateway.start(pi, dataDir, 1, 1, channel);
    }

    void awaitConnected() {
        DiscordChannel channel = (DiscordChannel) gw.runtime().channels().get("discord");
        await().atMost(WAIT).until(() -> channel.connectionStates().entrySet().stream()
                .allMatch(e -> e.getKey().equals("bad") || e.getKey().equals("noi") || e.getValue().equals("connected")));
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
    void aLongAnswerIsSplitUnder2000CharactersAnd17Lines() {
        discord.sendDm(OFF, "63", "LONG please");
        await().atMost(WAIT).until(() -> String.join("\n", dmTexts("63")).replace("\n", "")
                .equals(longAnswer().replace("\n", "")));
        assertThat(dmTexts("63")).hasSizeGreaterThanOrEqualTo(3).allSatisfy(t -> {
            assertThat(t.length()).isLessThanOrEqualTo(2000);
            assertThat(t.lines().count()).isLessThanOrEqualTo(17);
        });
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

    @Test
    @Order(9)
    void attachmentsAreDownloadedFromTheCdnAndTheirPathsPrompted() throws Exception {
        discord.dispatch(DEF, discord.withAttachment(discord.dmMessage("42", "see the file"), "notes.txt", "text/plain",
                14));
        await().atMost(WAIT).until(() -> llmSaw("see the file"));
        String prompt = llm.requests().stream().map(FakeLlmServer::lastUserText).filter(t -> t.contains("see the file"))
                .findFirst().orElseThrow();
        assertThat(prompt).contains("[attached document: ", "notes.txt");
        Path saved = Path.of(prompt.substring(prompt.indexOf(": ") + 2, prompt.indexOf("notes.txt") + 9));
        assertThat(saved.toString()).contains("media/discord/default");
        assertThat(Files.readString(saved)).isEqualTo("attached notes");

        // a URL outside cdnHosts is never fetched
        var foreign = discord.dmMessage("42", "foreign file");
        discord.withAttachment(foreign, "evil.txt", "text/plain", 4);
        ((com.fasterxml.jackson.databind.node.ObjectNode) foreign.get("attachments").get(0))
                .put("url", "http://localhost:1/evil.txt");
        discord.dispatch(DEF, foreign);
        await().atMost(WAIT).until(() -> llmSaw("foreign file"));
        assertThat(llm.requests().stream().map(FakeLlmServer::lastUserText).filter(t -> t.contains("foreign file"))
                .findFirst().orElseThrow()).doesNotContain("evil.txt");
    }

    @Test
    @Order(10)
    void agentToolsSendMediaReactEditDeleteAndPinOnDiscord() throws Exception {
        Files.writeString(pi.workDir().resolve("pic.png"), "png bytes");
        String before = String.valueOf(dmTexts("42").size());
        discord.sendDm(DEF, "42", ToolScript.calls("T1",
                ToolScript.call("send_message", "{\"text\":\"interim hi\"}"),
                ToolScript.call("send_media", "{\"path\":\"pic.png\",\"type\":\"photo\",\"caption\":\"a picture\"}"),
                ToolScript.call("message", "{\"action\":\"react\",\"messageId\":\"7\",\"emoji\":\"👍\"}"),
                ToolScript.call("message", "{\"action\":\"pin\",\"messageId\":\"7\"}"),
                ToolScript.call("message", "{\"action\":\"delete\",\"messageId\":\"8\"}")));
        await().atMost(WAIT).until(() -> dmTexts("42").contains("done"));
        List<String> results = ToolScript.resultsOf(llm, "T1");
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).startsWith("sent (message id ");
        assertThat(results.get(1)).startsWith("sent photo pic.png");
        assertThat(results.get(2)).isEqualTo("reacted to message 7");
        assertThat(results.get(3)).isEqualTo("pinned message 7");
        assertThat(results.get(4)).isEqualTo("deleted message 8");
        String dm = FakeDiscordServer.dmChannel("42");
        assertThat(dmTexts("42")).contains("interim hi");
        assertThat(discord.messagesIn(dm)).anySatisfy(m -> {
            assertThat(m.fileName()).isEqualTo("pic.png");
            assertThat(m.content()).isEqualTo("a picture");
        });
        assertThat(discord.calls("PUT", "/channels/" + dm + "/messages/7/reactions/")).hasSize(1);
        assertThat(discord.calls("PUT", "/channels/" + dm + "/messages/pins/7")).hasSize(1);
        assertThat(discord.calls("DELETE", "/channels/" + dm + "/messages/8")).hasSize(1);

        String interim = discord.messagesIn(dm).stream().filter(m -> m.content().equals("interim hi")).findFirst()
                .orElseThrow().messageId();
        discord.sendDm(DEF, "42", ToolScript.calls("T2",
                ToolScript.call("message", "{\"action\":\"edit\",\"messageId\":\"" + interim + "\",\"text\":\"edited\"}")));
        await().atMost(WAIT).until(() -> ToolScript.resultsOf(llm, "T2").size() == 1);
        assertThat(ToolScript.resultsOf(llm, "T2")).containsExactly("edited message " + interim);
        await().atMost(WAIT).until(() -> dmTexts("42").contains("edited"));
    }

    @Test
    @Order(11)
    void a429IsWaitedOutAndTheMessageArrivesOnce() {
        discord.rateLimitNextMessages(1, false);
        discord.sendDm(OFF, "65", "after a route 429");
        await().atMost(WAIT).until(() -> dmTexts("65").contains("echo: after a route 429"));
        discord.rateLimitNextMessages(1, true);
        discord.sendDm(OFF, "65", "after a global 429");
        await().atMost(WAIT).until(() -> dmTexts("65").contains("echo: after a global 429"));
        assertThat(discord.rateLimitsServed()).isEqualTo(2);
        assertThat(dmTexts("65")).containsExactly("echo: after a route 429", "echo: after a global 429");
    }

    @Test
    @Order(12)
    void aDroppedSocketResumesAndReplayedEventsAreHandledOnce() {
        var gateway = discord.gateway(OFF);
        int resumes = gateway.resumes();
        long reconnects = gw.runtime().channels().get("discord").counters().reconnects();
        gateway.dropConnection();
        discord.sendDm(OFF, "66", "sent while the socket was down"); // replayed on RESUME
        await().atMost(WAIT).until(() -> dmTexts("66").contains("echo: sent while the socket was down"));
        assertThat(gateway.resumes()).isGreaterThan(resumes);
        await().atMost(WAIT).until(() -> gw.runtime().channels().get("discord").counters().reconnects() > reconnects);

        // op 7 RECONNECT, and the RESUME replays the message again: still answered once
        gateway.replayAgainOnResume(3);
        gateway.requestReconnect();
        await().atMost(WAIT).until(() -> gateway.resumes() > resumes + 1);
        discord.sendDm(OFF, "66", "after the reconnect");
        await().atMost(WAIT).until(() -> dmTexts("66").contains("echo: after the reconnect"));
        assertThat(dmTexts("66")).containsExactly("echo: sent while the socket was down", "echo: after the reconnect");

        // missed heartbeat ACKs: JDA reconnects and resumes
        int beforeAcks = gateway.resumes();
        gateway.ackHeartbeats(false);
        await().atMost(WAIT).until(() -> gateway.resumes() > beforeAcks);
        gateway.ackHeartbeats(true);

        // op 9 INVALID_SESSION (not resumable): a fresh IDENTIFY
        int identifies = gateway.identifies();
        gateway.invalidateSession(false);
        await().atMost(WAIT).until(() -> gateway.identifies() > identifies);
        discord.sendDm(OFF, "66", "after a new session");
        await().atMost(WAIT).until(() -> dmTexts("66").contains("echo: after a new session"));
    }

    @Test
    @Order(13)
    void slashCommandsAreAnsweredEphemerally() {
        discord.runSlashCommand(DEF, "42", "status");
        await().atMost(WAIT).until(() -> !discord.calls("POST", "/callback").isEmpty());
        var callback = discord.calls("POST", "/callback").get(0).body();
        assertThat(callback.path("type").asInt()).isEqualTo(4);
        assertThat(callback.path("data").path("flags").asInt() & 64).isEqualTo(64); // ephemeral
        assertThat(callback.path("data").path("content").asText()).contains("Session: agent:main:discord:dm:42");

        discord.runSlashCommand(DEF, "43", "help"); // a stranger: the pairing text, not the help
        await().atMost(WAIT).until(() -> discord.calls("POST", "/callback").size() == 2);
        assertThat(discord.calls("POST", "/callback").get(1).body().path("data").path("content").asText())
                .contains("pairing code");
    }

    @Test
    @Order(14)
    void aBadTokenOrRefusedIntentsStopOnlyThatAccountAndHealthIsDegraded() {
        DiscordChannel channel = (DiscordChannel) gw.runtime().channels().get("discord");
        await().atMost(WAIT).until(() -> "failed".equals(channel.connectionStates().get("noi")));
        assertThat(channel.connectionStates()).containsEntry("bad", "failed").containsEntry("default", "connected");
        String health = gw.get("/health", true).body();
        assertThat(health).contains("degraded", "Discord rejected the token", "Message Content intent");
    }

    @Test
    @Order(20)
    void aRestartDoesNotAnswerAnOldMessageAgain() throws Exception {
        var old = discord.dmMessage("67", "before the restart");
        discord.dispatch(OFF, old);
        await().atMost(WAIT).until(() -> dmTexts("67").contains("echo: before the restart"));
        gw.close();
        gw = startGateway();
        awaitConnected();
        discord.dispatch(OFF, old); // Discord would not, but a replay after a crash looks like this
        discord.sendDm(OFF, "67", "after the restart");
        await().atMost(WAIT).until(() -> dmTexts("67").contains("echo: after the restart"));
        assertThat(dmTexts("67")).containsExactly("echo: before the restart", "echo: after the restart");
    }
}
