package io.pigateway.channel.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeDiscordServer.Call;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * How answers reach Discord, against the fake Discord with JDA and the real pi: edits paced per
 * channel across answers, "typing…" renewed through a long turn and stopped at its end, a send
 * Discord refuses for good (logged, the rest of the answer still arrives), and slash commands in
 * a guild. Guild 600 (channel 601) needs no mention and is served by the role "mentor"; guild 700
 * is not served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordDeliveryEndToEndTest {
    static final String PAR = "par-token";
    static final String OFF = "off-token";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String STREAMED = "An answer that streams in, edited in place until it is complete.";

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeDiscordServer discord;
    TestGateway gw;
    DiscordChannel channel;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger outboundLog = (Logger) LoggerFactory.getLogger(DiscordOutbound.class);
    final Logger guildLog = (Logger) LoggerFactory.getLogger(DiscordGuildRules.class);

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(request -> {
            String text = FakeLlmServer.lastUserText(request);
            if (text.contains("SLOW")) {
                return Reply.chunked("a slow answer, worked out over two seconds", 4).chunkDelay(200);
            }
            if (text.contains("STREAM")) {
                return Reply.chunked(STREAMED, 6).chunkDelay(60);
            }
            if (text.contains("PARTS")) {
                return Reply.text(DiscordEndToEndTest.longAnswer());
            }
            return FakeLlmServer.defaultReply(request);
        });
        pi = PiTestRuntime.create(llm);
        discord = new FakeDiscordServer(PAR, OFF);
        discord.addGuild("600", "601").addGuild("700", "701");
        discord.addFile("small.txt", "small notes".getBytes());
        discord.addFile("big.bin", new byte[1_500_000]);
        String config = """
                "security": { "ssrfGuard": { "allowedHosts": ["127.0.0.1"] } },
                "roles": { "capabilities": { "mentor": { "skills": [] } } },
                "channels": { "discord": {
                  "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                  "dmPolicy": "open", "streamingMode": "partial", "mediaMaxMb": 1, "cdnHosts": ["127.0.0.1"],
                  "guilds": { "600": { "requireMention": false, "allowFrom": ["*"], "role": "mentor" } },
                  "accounts": { "off": { "token": "%s", "dmPolicy": "open", "streamingMode": "off" } } } }
                """.formatted(PAR, discord.apiBaseUrl(), discord.gatewayUrl(), OFF);
        gw = TestGateway.start(pi, Files.createTempDirectory("dc-delivery"), 1, 1, config);
        channel = (DiscordChannel) gw.runtime().channels().get("discord");
        await().atMost(WAIT).until(() -> channel.connectionStates().values().stream().allMatch("connected"::equals));
        logs.start();
        outboundLog.addAppender(logs);
        guildLog.addAppender(logs);
        guildLog.setLevel(Level.INFO); // the ignored guild is an INFO line
    }

    @AfterAll
    void stop() {
        outboundLog.detachAppender(logs);
        guildLog.detachAppender(logs);
        guildLog.setLevel(null);
        if (gw != null) {
            gw.close();
        }
        discord.close();
        pi.close();
        llm.close();
    }

    static InboundMessage inGuildChannel(String userId) {
        return new InboundMessage(DiscordChannel.NAME, "default", ChatScope.CHANNEL, "601", null, userId,
                "user" + userId, "hi", List.of(), true, null, null);
    }

    /**
     * Discord's edit limit is per channel: two answers streaming into one channel at once (the
     * channel's observers, fed deltas as pi would) share its pace of about one edit a second. Only
     * each message's last edit (its final text, never held back) may come sooner.
     */
    @Test
    void twoAnswersStreamingInOneChannelShareItsEditPace() {
        TurnObserver first = channel.observerFor(inGuildChannel("8"));
        TurnObserver second = channel.observerFor(inGuildChannel("9"));
        first.onStart("agent:main:discord:channel:601", "run-1");
        second.onStart("agent:main:discord:channel:601", "run-2");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        AtomicInteger ticks = new AtomicInteger();
        ScheduledExecutorService llmPace = Executors.newSingleThreadScheduledExecutor();
        try {
            llmPace.scheduleAtFixedRate(() -> {
                if (ticks.incrementAndGet() <= 70) { // 3.5 s of deltas
                    first.onDelta("a" + ticks + " ");
                    second.onDelta("b" + ticks + " ");
                    a.append("a").append(ticks).append(' ');
                    b.append("b").append(ticks).append(' ');
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> ticks.get() > 70);
        } finally {
            llmPace.shutdownNow();
        }
        first.onFinal(new TurnResult("agent:main:discord:channel:601", "run-1", a.toString().strip(), "stop", null, null));
        second.onFinal(new TurnResult("agent:main:discord:channel:601", "run-2", b.toString().strip(), "stop", null,
                null));
        await().atMost(WAIT).until(() -> discord.textsIn("601").containsAll(List.of(a.toString().strip(),
                b.toString().strip())));

        List<String> answers = discord.messagesIn("601").stream().filter(m -> m.content().equals(a.toString().strip())
                || m.content().equals(b.toString().strip())).map(FakeDiscordServer.Sent::messageId).toList();
        Map<String, List<Call>> editsPerMessage = discord.calls("PATCH", "/channels/601/messages/").stream()
                .collect(Collectors.groupingBy(c -> c.path().substring(c.path().lastIndexOf('/') + 1)));
        editsPerMessage.keySet().retainAll(answers); // other tests answer in this channel too
        assertThat(editsPerMessage).hasSize(2);
        List<Long> paced = new ArrayList<>();
        editsPerMessage.values().forEach(edits -> edits.stream().sorted(Comparator.comparingLong(Call::atMillis))
                .limit(edits.size() - 1).forEach(c -> paced.add(c.atMillis())));
        paced.sort(null);
        assertThat(paced).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < paced.size(); i++) { // one slot a second; HTTP arrival jitters with each answer's queue
            assertThat(paced.get(i) - paced.get(i - 1)).as("gap before paced edit %d of %s", i, paced)
                    .isGreaterThanOrEqualTo(400);
        }
        double seconds = (paced.get(paced.size() - 1) - paced.get(0)) / 1000.0;
        assertThat((double) paced.size()).as("edits in %.1f s", seconds).isLessThanOrEqualTo(seconds + 1.5);
    }

    /** Discord shows "typing…" for ~10 s: renewed while the turn runs and nothing is shown, stopped at its end. */
    @Test
    void typingIsRenewedThroughALongTurnAndStopsWhenItEnds() {
        channel.typingRefreshMs(300);
        try {
            String dm = FakeDiscordServer.dmChannel("71");
            discord.sendDm(OFF, "71", "SLOW please");
            await().atMost(WAIT).until(() -> !discord.textsIn(dm).isEmpty());
            assertThat(discord.textsIn(dm)).containsExactly("a slow answer, worked out over two seconds");
            long answeredAt = discord.calls("POST", "/channels/" + dm + "/messages").get(0).atMillis();
            List<Call> typing = discord.calls("POST", "/channels/" + dm + "/typing");
            assertThat(typing).hasSizeGreaterThanOrEqualTo(4); // ~2 s of silence, renewed every 300 ms
            assertThat(typing).allSatisfy(t -> assertThat(t.atMillis()).isLessThanOrEqualTo(answeredAt));
            int atTheEnd = typing.size();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> discord.calls("POST", "/channels/" + dm + "/typing").size() == atTheEnd);
        } finally {
            channel.typingRefreshMs(DiscordAnswer.TYPING_REFRESH_MS);
        }
    }

    /**
     * A send that fails for good (a 403: no retry; a 502 after JDA's retries) is logged with the
     * channel and the reason, never the token; the answer goes on: the next update sends the text
     * anew, later parts of a long answer still arrive.
     */
    @Test
    void aSendRefusedForGoodIsLoggedAndTheRestOfTheAnswerStillArrives() {
        String dm = FakeDiscordServer.dmChannel("72");
        discord.failNextMessages(1, 403);
        discord.sendDm(PAR, "72", "STREAM please");
        await().atMost(WAIT).until(() -> discord.textsIn(dm).contains(STREAMED));
        assertThat(discord.textsIn(dm)).containsExactly(STREAMED);
        assertThat(discord.calls("POST", "/channels/" + dm + "/messages")).hasSize(2); // refused, then sent anew
        List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .contains("Discord send to channel " + dm + " failed for good", "Missing Permissions"));
        assertThat(warnings).noneSatisfy(w -> assertThat(w).contains(PAR));

        // a 502 that outlasts JDA's retries (4 tries): the first part is lost and logged, the others are sent
        String dm2 = FakeDiscordServer.dmChannel("73");
        discord.failNextMessages(4, 502);
        discord.sendDm(OFF, "73", "PARTS please");
        String[] lines = DiscordEndToEndTest.longAnswer().split("\n");
        await().atMost(WAIT).until(() -> discord.textsIn(dm2).stream().anyMatch(t -> t.endsWith(lines[lines.length - 1])));
        assertThat(discord.calls("POST", "/channels/" + dm2 + "/messages").size())
                .isEqualTo(discord.textsIn(dm2).size() + 4);
        assertThat(discord.textsIn(dm2)).hasSizeGreaterThanOrEqualTo(2).noneMatch(t -> t.startsWith(lines[0]));
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anySatisfy(w -> assertThat(w).contains("Discord send to channel " + dm2 + " failed for good", "Discord answered HTTP 502 (JDA tried 4 times)"));
    }

    /** The global slash commands work in a served guild (session of the channel), ephemerally; elsewhere they say so. */
    @Test
    void slashCommandsInAGuildAreAnsweredEphemerally() {
        await().atMost(WAIT).until(() -> !discord.calls("PUT", "/applications/" + discord.botId(PAR) + "/commands")
                .isEmpty());
        int before = discord.calls("POST", "/callback").size();
        discord.runGuildSlashCommand(PAR, "600", "601", "8", "status");
        await().atMost(WAIT).until(() -> discord.calls("POST", "/callback").size() == before + 1);
        var callback = discord.calls("POST", "/callback").get(before).body();
        assertThat(callback.path("type").asInt()).isEqualTo(4);
        assertThat(callback.path("data").path("flags").asInt() & 64).isEqualTo(64); // ephemeral
        assertThat(callback.path("data").path("content").asText()).contains("Session: agent:main:discord:channel:601");

        discord.runGuildSlashCommand(PAR, "700", "701", "8", "status");
        await().atMost(WAIT).until(() -> discord.calls("POST", "/callback").size() == before + 2);
        var refused = discord.calls("POST", "/callback").get(before + 1).body();
        assertThat(refused.path("data").path("flags").asInt() & 64).isEqualTo(64);
        assertThat(refused.path("data").path("content").asText())
                .isEqualTo("This bot does not serve this server or channel.");
        assertThat(discord.textsIn("601")).noneMatch(t -> t.contains("Session:")); // nothing posted in the channel
    }

    /** No bot loops: other bots and the bot's own messages are ignored; an unlisted guild is logged once, with the key to add. */
    @Test
    void botsAndUnlistedGuildsAreIgnoredAndAnUnlistedGuildIsLoggedOnce() {
        discord.dispatch(PAR, discord.guildMessage("600", "601", "1100000000000000099", "from another bot"));
        discord.dispatch(PAR, discord.guildMessage("600", "601", discord.botId(PAR), "the bot's own echo"));
        discord.sendGuild(PAR, "700", "701", "8", "unlisted one", true);
        discord.sendGuild(PAR, "700", "701", "8", "unlisted two", true);
        discord.sendGuild(PAR, "600", "601", "8", "after the ignored ones", false);
        await().atMost(WAIT).until(() -> discord.textsIn("601").contains("echo: after the ignored ones"));
        assertThat(llm.requests().stream().map(FakeLlmServer::lastUserText))
                .noneMatch(t -> t.contains("from another bot") || t.contains("own echo") || t.contains("unlisted"));
        assertThat(discord.textsIn("701")).isEmpty();
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Ignoring Discord guild 700"))).singleElement()
                .satisfies(m -> assertThat(m).contains("channels.discord.guilds.\"700\""));
    }

    /** Attachments over {@code mediaMaxMb} are not downloaded, whether Discord's metadata says so or the bytes do. */
    @Test
    void attachmentsOverMediaMaxMbAreNotDownloaded() {
        var message = discord.dmMessage("74", "three files");
        discord.withAttachment(message, "small.txt", "text/plain", 11);
        discord.withAttachment(message, "big.bin", "application/octet-stream", 1_500_000); // says it is too big
        discord.withAttachment(message, "big.bin", "application/octet-stream", 10); // says 10 bytes, sends 1.5 MB
        discord.dispatch(OFF, message);
        await().atMost(WAIT).until(() -> llm.requests().stream().map(FakeLlmServer::lastUserText)
                .anyMatch(t -> t.contains("three files")));
        String prompt = llm.requests().stream().map(FakeLlmServer::lastUserText).filter(t -> t.contains("three files"))
                .findFirst().orElseThrow();
        assertThat(prompt).contains("small.txt").doesNotContain("big.bin");
        assertThat(prompt.split("\\[attached ", -1)).hasSize(2); // one attachment
    }

    /** A guild's {@code role} serves the turns of its channels (on the role's own pi pool). */
    @Test
    void aGuildsRoleServesItsChannelsTurns() {
        var before = gw.runtime().pi().getPool("role-mentor");
        long served = before == null ? 0 : before.stats().turnsServed();
        discord.sendGuild(PAR, "600", "601", "8", "for the mentor", false);
        await().atMost(WAIT).until(() -> discord.textsIn("601").contains("echo: for the mentor"));
        await().atMost(WAIT).until(() -> gw.runtime().pi().getPool("role-mentor") != null);
        assertThat(gw.runtime().pi().getPool("role-mentor").stats().turnsServed()).isGreaterThan(served);
    }
}
