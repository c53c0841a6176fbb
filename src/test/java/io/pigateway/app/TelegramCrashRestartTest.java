package io.pigateway.app;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.InboundReplay;
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
 * an answered user is not answered again.
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
            GatewayJvm first = startGateway(pi, telegram, "first.log");
            try {
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
                first.kill(); // SIGKILL: no drain, no goodbye
            } finally {
                first.process().destroyForcibly();
            }
            assertThat(texts(telegram, "42")).isEmpty();
            assertThat(texts(telegram, "44")).isEmpty();
            llm.setResponder(FakeLlmServer::defaultReply);

            try (GatewayJvm second = startGateway(pi, telegram, "second.log")) {
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

    private static long requests(FakeLlmServer llm, String containing) {
        return llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains(containing)).count();
    }

    private static int toolResults(JsonNode request) {
        int count = 0;
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText();
            count = "user".equals(role) ? 0 : "tool".equals(role) ? count + 1 : count;
        }
        return count;
    }

    /** {@code pi-gw gateway} in its own JVM, polling the fake Telegram; its output goes to {@code log}. */
    private GatewayJvm startGateway(PiTestRuntime pi, FakeTelegramServer telegram, String log) throws Exception {
        return GatewayJvm.start(dir, GatewayJvm.telegramConfig(dir, pi, telegram, BOT,
                ", \"pool\": { \"min\": 1, \"max\": 2 }, \"queue\": { \"mode\": \"followup\" }", ""), log);
    }

    private static List<String> texts(FakeTelegramServer telegram, String chatId) {
        return telegram.messagesIn(chatId).stream().map(FakeTelegramServer.Sent::text).toList();
    }
}
