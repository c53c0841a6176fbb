package io.pigateway.channel.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload in a running gateway against the fake Discord (REST + gateway WebSocket): an
 * account added or removed connects or disconnects alone while the other keeps its connection, and
 * a new token reconnects the default account;
 * a new streaming mode, allowlist and guilds list apply to the next message.
 */
class DiscordReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MAIN = "main-token";
    private static final String WORK = "work-token";
    private static final String MAIN_NEW = "main-token-new";
    private static final String STREAMED = "First paragraph.\n\nSecond paragraph.";

    @TempDir
    Path dir;

    @Test
    void anAccountIsAddedRemovedAndReTokenedAloneWhileTheOtherKeepsItsConnection() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeDiscordServer discord = new FakeDiscordServer(MAIN, WORK, MAIN_NEW);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                     channel(discord, "\"streamingMode\": \"off\"", ""), file)) {
            DiscordChannel channel = (DiscordChannel) gw.runtime().channels().get("discord");
            await().atMost(WAIT).until(() -> "connected".equals(channel.connectionStates().get("default")));

            String added = gw.reload(file, TestGateway.channels(channel(discord, "\"streamingMode\": \"off\"",
                    "\"accounts\": { \"work\": { \"token\": \"" + WORK + "\" } },")));
            await().atMost(WAIT).until(() -> "connected".equals(channel.connectionStates().get("work")));
            discord.sendDm(WORK, "62", "hello work");
            discord.sendDm(MAIN, "61", "hello main");

            assertThat(added).contains("channels.discord.accounts.work.token");
            await().atMost(WAIT).until(() -> dmTexts(discord, "62").contains("echo: hello work"));
            await().atMost(WAIT).until(() -> dmTexts(discord, "61").contains("echo: hello main"));

            String removed = gw.reload(file, TestGateway.channels(channel(discord, "\"streamingMode\": \"off\"", "")));
            discord.sendDm(MAIN, "61", "main after removal");

            assertThat(removed).contains("channels.discord.accounts.work.token");
            assertThat(channel.connectionStates()).containsOnlyKeys("default");
            await().atMost(WAIT).until(() -> !discord.gateway(WORK).connected());
            await().atMost(WAIT).until(() -> dmTexts(discord, "61").contains("echo: main after removal"));
            assertThat(discord.gateway(MAIN).identifies()).as("the main bot kept its session").isEqualTo(1);

            String retokened = gw.reload(file, config -> config.replace("\"token\": \"" + MAIN + "\"",
                    "\"token\": \"" + MAIN_NEW + "\""));
            await().atMost(WAIT).until(() -> discord.gateway(MAIN_NEW).connected());
            discord.sendDm(MAIN_NEW, "61", "new token");

            assertThat(retokened).contains("channels.discord.token");
            await().atMost(WAIT).until(() -> !discord.gateway(MAIN).connected());
            await().atMost(WAIT).until(() -> dmTexts(discord, "61").contains("echo: new token"));
        }
    }

    @Test
    void aNewStreamingModeAllowlistAndGuildsListApplyToTheNextMessage() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeDiscordServer discord = new FakeDiscordServer(MAIN);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                     channel(discord, "\"streamingMode\": \"off\"", ""), file)) {
            discord.addGuild("700", "701");
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("STREAM")
                    ? Reply.chunked(STREAMED, 6).chunkDelay(60) : FakeLlmServer.defaultReply(request));
            DiscordChannel channel = (DiscordChannel) gw.runtime().channels().get("discord");
            await().atMost(WAIT).until(() -> "connected".equals(channel.connectionStates().get("default")));
            discord.sendGuild(MAIN, "700", "701", "51", "guild before", false);
            discord.sendDm(MAIN, "52", "stranger before");
            discord.sendDm(MAIN, "51", "STREAM before");
            await().atMost(WAIT).until(() -> dmTexts(discord, "51").size() == 1);
            assertThat(discord.textsIn("701")).as("guild 700 is not listed").isEmpty();
            assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.allText(r).contains("guild before"))
                    .noneMatch(r -> FakeLlmServer.allText(r).contains("stranger before"));

            String answer = gw.reload(file, TestGateway.channels(channel(discord, "\"streamingMode\": \"block\"",
                    "\"allowlist\": [\"51\", \"52\"], \"guilds\": { \"700\": { \"requireMention\": false,"
                            + " \"allowFrom\": [\"*\"] } },")));
            discord.sendGuild(MAIN, "700", "701", "51", "guild after", false);
            discord.sendDm(MAIN, "52", "stranger after");
            discord.sendDm(MAIN, "51", "STREAM after");

            assertThat(answer).contains("channels.discord.streamingMode", "channels.discord.allowlist",
                    "channels.discord.guilds.700.requireMention");
            await().atMost(WAIT).until(() -> discord.textsIn("701").contains("echo: guild after"));
            await().atMost(WAIT).until(() -> dmTexts(discord, "52").contains("echo: stranger after"));
            await().atMost(WAIT).until(() -> dmTexts(discord, "51").size() == 3);
            assertThat(dmTexts(discord, "51")).containsExactly(STREAMED, "First paragraph.", "Second paragraph.");
        }
    }

    private static String channel(FakeDiscordServer discord, String streaming, String more) {
        String list = more.contains("\"allowlist\"") ? "" : "\"allowlist\": [\"51\", \"61\", \"62\"],";
        return """
                "channels": { "discord": { "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                  "dmPolicy": "allowlist", %s %s } }
                """.formatted(MAIN, discord.apiBaseUrl(), discord.gatewayUrl(), list + more, streaming);
    }

    private static List<String> dmTexts(FakeDiscordServer discord, String userId) {
        return discord.textsIn(FakeDiscordServer.dmChannel(userId));
    }
}
