package io.pigateway.app;

import static io.pigateway.testing.CrashScripts.requests;
import static io.pigateway.testing.CrashScripts.toolResults;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.InboundReplay;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.testing.CrashScripts;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbound journal across a real crash: {@code pi-gw gateway} in its own JVM is SIGKILLed while
 * Telegram turns are in flight (their updates' offset already confirmed), then started again on the
 * same dataDir. The user whose turn had run a tool is told once to resend; the turn that had only
 * waited for the model and the message queued behind the tool turn are re-run and answered once;
 * an answered user is not answered again. And the outbound receipts: a half-streamed answer is
 * completed in its own message by the re-run, or edited to the interrupted marker, never sent twice.
 */
class TelegramCrashRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOT = "300:CRASH";

    @TempDir
    Path dir;

    /** TOOL: a tool runs, then the model holds its answer; THINK: the model holds its answer, no tool. */
    private static FakeLlmServer.Reply beforeTheCrash(JsonNode request) {
        String text = FakeLlmServer.lastUserText(request);
        if (text.contains("TOOL") && toolResults(request) == 0) {
            return FakeLlmServer.Reply.toolCall("read", "{\"path\":\"notes.txt\"}");
        }
        if (text.contains("TOOL") || text.contains("THINK")) {
            return FakeLlmServer.Reply.text("never delivered").delayed(20_000); // the crash comes first
        }
        return FakeLlmServer.defaultReply(request);
    }

    @Test
    void aSigkilledTurnThatRanAToolIsToldToResendTheOthersAreReRunOnceAndNothingIsRepeated() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            llm.setResponder(TelegramCrashRestartTest::beforeTheCrash);
            try (GatewayJvm first = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(telegram, "off")), "first.log")) {
                telegram.addMessage(BOT, privateText(41, "answered before the crash"));
                await().atMost(WAIT).until(() -> texts(telegram, "41").contains("echo: answered before the crash"));
                telegram.addMessage(BOT, privateText(42, "TOOL this one"));
                telegram.addMessage(BOT, privateText(44, "THINK slowly"));
                await().atMost(WAIT).until(() -> requests(llm, "TOOL") == 2 // the tool ran
                        && requests(llm, "THINK") == 1);
                int polls = telegram.calls("getUpdates").size();
                // waits in the lane, not started (followup mode; under steer it joins the running turn)
                telegram.addMessage(BOT, privateText(42, "queued behind it"));
                // the poller confirms the offset (asks from the next update on) before the crash
                await().atMost(WAIT).until(() -> telegram.pendingUpdates(BOT) == 0
                        && telegram.calls("getUpdates").size() >= polls + 2);
                first.kill();
            }
            assertThat(texts(telegram, "42")).isEmpty();
            assertThat(texts(telegram, "44")).isEmpty();
            llm.setResponder(FakeLlmServer::defaultReply);

            try (GatewayJvm second = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(telegram, "off")), "second.log")) {
                await().atMost(WAIT).until(() -> texts(telegram, "42").contains(InboundReplay.RESTARTED));
                await().atMost(WAIT).untilAsserted(() -> assertThat(texts(telegram, "42"))
                        .contains("echo: queued behind it"));
                await().atMost(WAIT).until(() -> texts(telegram, "44").contains("echo: THINK slowly"));
                telegram.addMessage(BOT, privateText(43, "after the restart"));
                await().atMost(WAIT).until(() -> texts(telegram, "43").contains("echo: after the restart"));

                // the turn that ran a tool is not re-run (it could repeat the tool); the others are, once
                assertThat(texts(telegram, "42")).containsExactlyInAnyOrder(InboundReplay.RESTARTED,
                        "echo: queued behind it");
                assertThat(requests(llm, "TOOL")).isEqualTo(2);
                assertThat(texts(telegram, "44")).containsExactly("echo: THINK slowly");
                assertThat(texts(telegram, "41")).containsExactly("echo: answered before the crash");
                assertThat(requests(llm, "answered before")).isEqualTo(1);
            }
        }
    }

    @Test
    void aHalfStreamedAnswerIsCompletedInItsOwnMessageOrMarkedThereAfterASigkillNeverSentTwice() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            llm.setResponder(CrashScripts::streamingSlowly);
            long rerun;
            long marked;
            try (GatewayJvm first = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(telegram, "partial")), "first.log")) {
                telegram.addMessage(BOT, privateText(51, "STREAM please"));
                telegram.addMessage(BOT, privateText(52, "STREAM TOOL please"));
                // an edit follows the send on the answer's chain, so the message id is recorded by then
                await().atMost(WAIT).until(() -> edits(telegram, "51") > 0 && edits(telegram, "52") > 0);
                first.kill();
            }
            assertThat(telegram.messagesIn("51")).hasSize(1).first().extracting(FakeTelegramServer.Sent::text)
                    .asString().startsWith("Half of an").isNotEqualTo(CrashScripts.HALF);
            rerun = telegram.messagesIn("51").get(0).messageId();
            marked = telegram.messagesIn("52").get(0).messageId();
            int editsBefore = telegram.calls("editMessageText").size();
            llm.setResponder(FakeLlmServer::defaultReply);

            try (GatewayJvm second = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(telegram, "partial")), "second.log")) {
                // no tool ran: re-run, its answer completes the half-streamed message in place
                await().atMost(WAIT).until(() -> texts(telegram, "51").equals(List.of("echo: STREAM please")));
                // a tool ran: not re-run; the half message says it was cut short, and the user is asked to resend
                await().atMost(WAIT).until(() -> texts(telegram, "52").equals(
                        List.of(OutboundReceipts.INTERRUPTED, InboundReplay.RESTARTED)));
                telegram.addMessage(BOT, privateText(53, "after the restart"));
                await().atMost(WAIT).until(() -> texts(telegram, "53").contains("echo: after the restart"));

                assertThat(telegram.messagesIn("51")).extracting(FakeTelegramServer.Sent::messageId)
                        .containsExactly(rerun);
                assertThat(telegram.messagesIn("52").get(0).messageId()).isEqualTo(marked);
                var after = telegram.calls("editMessageText").subList(editsBefore,
                        telegram.calls("editMessageText").size());
                assertThat(after).filteredOn(c -> c.chatId().equals("51"))
                        .allSatisfy(c -> assertThat(c.params().path("message_id").asLong()).isEqualTo(rerun))
                        .extracting(FakeTelegramServer.Call::text).last().isEqualTo("echo: STREAM please");
                assertThat(after).filteredOn(c -> c.chatId().equals("52")).extracting(FakeTelegramServer.Call::text)
                        .containsExactly(OutboundReceipts.INTERRUPTED);
                assertThat(requests(llm, "TOOL")).isEqualTo(2); // the tool turn was not run again
            }
        }
    }

    private static long edits(FakeTelegramServer telegram, String chatId) {
        return telegram.calls("editMessageText").stream().filter(c -> c.chatId().equals(chatId)).count();
    }

    /** The fake Telegram's bot, open DMs, answers streamed as {@code streamingMode}. */
    private static String channels(FakeTelegramServer telegram, String streamingMode) {
        return """
                { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                                "dmPolicy": "open", "streamingMode": "%s" } }
                """.formatted(telegram.baseUrl(), BOT, streamingMode);
    }

    private static List<String> texts(FakeTelegramServer telegram, String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }
}
