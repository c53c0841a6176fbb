package io.pigateway.app;

import static io.pigateway.testing.CrashScripts.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.pipeline.InboundReplay;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.testing.CrashScripts;
import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbound journal and outbound receipts on Discord across a real crash: {@code pi-gw gateway} in
 * its own JVM is SIGKILLed while two DM answers stream (Discord does not deliver those messages
 * again: the new process identifies afresh), then started again on the same dataDir. The turn that
 * ran no tool is re-run and its answer completes the half-streamed message by editing it; the turn
 * that ran a tool is not re-run: its message is edited to the interrupted marker and the user is
 * asked to resend. No message is sent twice.
 */
class DiscordCrashRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "crash-token";
    private static final String REPLAYED = "1051";
    private static final String MARKED = "1052";

    @TempDir
    Path dir;

    @Test
    void aHalfStreamedDiscordAnswerIsCompletedOrMarkedInItsOwnMessageAfterASigkill() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeDiscordServer discord = new FakeDiscordServer(TOKEN)) {
            llm.setResponder(CrashScripts::streamingSlowly);
            String replayedDm = FakeDiscordServer.dmChannel(REPLAYED);
            String markedDm = FakeDiscordServer.dmChannel(MARKED);
            try (GatewayJvm first = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(discord)), "first.log")) {
                await().atMost(WAIT).until(() -> discord.gateway(TOKEN).identifies() > 0 && discord.gateway(TOKEN).connected());
                discord.sendDm(REPLAYED, "STREAM please");
                discord.sendDm(MARKED, "STREAM TOOL please");
                // an edit follows the send on the answer's chain, so the message id is recorded by then
                await().atMost(WAIT).until(() -> edits(discord, replayedDm) > 0 && edits(discord, markedDm) > 0);
                first.kill();
            }
            assertThat(discord.textsIn(replayedDm)).hasSize(1).first().asString().startsWith("Half of an")
                    .isNotEqualTo(CrashScripts.HALF);
            String replayedId = discord.messagesIn(replayedDm).get(0).messageId();
            String markedId = discord.messagesIn(markedDm).get(0).messageId();
            int editsBefore = discord.calls("PATCH", "/messages/").size();
            llm.setResponder(FakeLlmServer::defaultReply);

            try (GatewayJvm second = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(discord)), "second.log")) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(discord.textsIn(replayedDm))
                        .containsExactly("echo: STREAM please"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(discord.textsIn(markedDm))
                        .containsExactly(OutboundReceipts.INTERRUPTED, InboundReplay.RESTARTED));

                assertThat(discord.messagesIn(replayedDm)).extracting(FakeDiscordServer.Sent::messageId)
                        .containsExactly(replayedId);
                assertThat(discord.messagesIn(markedDm).get(0).messageId()).isEqualTo(markedId);
                var after = discord.calls("PATCH", "/messages/");
                assertThat(after.subList(editsBefore, after.size())).extracting(FakeDiscordServer.Call::path)
                        .allMatch(p -> p.endsWith("/" + replayedId) || p.endsWith("/" + markedId))
                        .anyMatch(p -> p.endsWith("/" + markedId));
                assertThat(requests(llm, "TOOL")).isEqualTo(2); // the tool turn was not run again
            }
        }
    }

    private static long edits(FakeDiscordServer discord, String channelId) {
        return discord.calls("PATCH", "/channels/" + channelId + "/messages/").size();
    }

    /** The fake Discord's bot, open DMs, answers edited in place as they stream. */
    private static String channels(FakeDiscordServer discord) {
        return """
                { "discord": { "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                               "dmPolicy": "open", "streamingMode": "partial" } }
                """.formatted(TOKEN, discord.apiBaseUrl(), discord.gatewayUrl());
    }
}
