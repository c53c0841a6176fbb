package io.pigateway.app;

import static io.pigateway.testing.CrashScripts.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.pipeline.InboundReplay;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.testing.CrashScripts;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FeishuEventSender;
import io.pigateway.testing.GatewayJvm;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbound journal and outbound receipts on Feishu across a real crash: {@code pi-gw gateway}
 * in its own JVM is SIGKILLed while two DM answers stream into cards and a third message, already
 * acknowledged with 200, waits behind one of them; then it is started again on the same dataDir
 * while Feishu delivers those events again. The turn that ran no tool is re-run and completes its
 * half-streamed card in place; the waiting message is answered once; the turn that ran a tool is
 * not re-run: its card shows the interrupted marker and the user is asked to resend. Feishu's
 * redeliveries (same event ids) are acknowledged and answer nothing twice.
 */
class FeishuCrashRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VERIFY = "crash-verification-token";
    private static final String REPLAYED = "oc_crash_replayed";
    private static final String MARKED = "oc_crash_marked";

    @TempDir
    Path dir;

    @Test
    void anAcknowledgedFeishuMessageIsAnsweredOnceAndAHalfStreamedCardIsCompletedOrMarkedAfterASigkill()
            throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeFeishuServer feishu = new FakeFeishuServer()) {
            llm.setResponder(CrashScripts::streamingSlowly);
            ObjectNode streamed;
            ObjectNode queued;
            String replayedId;
            String markedId;
            try (GatewayJvm first = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(feishu)), "first.log")) {
                first.awaitReady(WAIT);
                FeishuEventSender events = sender(first, feishu);
                streamed = events.envelope("evt-stream", events.dm("ou_replayed", REPLAYED, "STREAM please"));
                assertThat(events.sendBody(streamed).statusCode()).isEqualTo(200);
                assertThat(events.send(events.dm("ou_marked", MARKED, "STREAM TOOL please")).statusCode()).isEqualTo(200);
                // a streamed update follows the send on the answer's chain, so the message id is recorded by then
                await().atMost(WAIT).until(() -> streamedOnce(feishu, REPLAYED) && streamedOnce(feishu, MARKED));
                // acknowledged, then waits in the lane behind the streaming turn (followup mode)
                queued = events.envelope("evt-queued", events.dm("ou_replayed", REPLAYED, "queued behind it"));
                assertThat(events.sendBody(queued).statusCode()).isEqualTo(200);
                first.kill();
            }
            assertThat(feishu.messagesIn(REPLAYED)).hasSize(1);
            assertThat(feishu.textsIn(REPLAYED).get(0)).startsWith("Half of an").isNotEqualTo(CrashScripts.HALF);
            replayedId = feishu.messagesIn(REPLAYED).get(0).messageId();
            markedId = feishu.messagesIn(MARKED).get(0).messageId();
            assertThat(requests(llm, "queued behind it")).isZero();
            llm.setResponder(FakeLlmServer::defaultReply);

            try (GatewayJvm second = GatewayJvm.start(dir, GatewayJvm.config(dir, pi, channels(feishu)), "second.log")) {
                second.awaitReady(WAIT);
                FeishuEventSender events = sender(second, feishu);
                // Feishu never got a 200 it trusted for these, say: it delivers them again, at once and later
                assertThat(events.sendBody(queued.deepCopy()).statusCode()).isEqualTo(200);
                assertThat(events.sendBody(streamed.deepCopy()).statusCode()).isEqualTo(200);

                await().atMost(WAIT).untilAsserted(() -> assertThat(feishu.textsIn(REPLAYED))
                        .containsExactlyInAnyOrder("echo: STREAM please", "echo: queued behind it"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(feishu.textsIn(MARKED))
                        .containsExactly(OutboundReceipts.INTERRUPTED, InboundReplay.RESTARTED));
                assertThat(events.sendBody(queued.deepCopy()).statusCode()).isEqualTo(200);
                assertThat(events.sendBody(streamed.deepCopy()).statusCode()).isEqualTo(200);
                events.send(events.dm("ou_replayed", REPLAYED, "after the restart"));
                await().atMost(WAIT).until(() -> feishu.textsIn(REPLAYED).contains("echo: after the restart"));

                // the half-streamed card was completed in place, nothing was shown twice
                assertThat(feishu.messagesIn(REPLAYED).get(0).messageId()).isEqualTo(replayedId);
                assertThat(feishu.textsIn(REPLAYED).get(0)).isEqualTo("echo: STREAM please");
                assertThat(feishu.textsIn(REPLAYED)).containsExactlyInAnyOrder("echo: STREAM please",
                        "echo: queued behind it", "echo: after the restart");
                assertThat(feishu.messagesIn(MARKED).get(0).messageId()).isEqualTo(markedId);
                assertThat(requests(llm, "queued behind it")).isEqualTo(1);
                assertThat(requests(llm, "STREAM please")).isEqualTo(2); // before the crash, and its one re-run
                assertThat(requests(llm, "TOOL")).isEqualTo(2); // the tool turn was not run again
            }
        }
    }

    /** The chat's card got a streamed update (CardKit content) and is not complete. */
    private static boolean streamedOnce(FakeFeishuServer feishu, String chatId) {
        List<FakeFeishuServer.Shown> shown = feishu.messagesIn(chatId);
        String card = shown.isEmpty() ? null : feishu.cardOf(shown.get(0).messageId());
        return card != null && !feishu.calls("PUT", "/open-apis/cardkit/v1/cards/" + card + "/").isEmpty()
                && !CrashScripts.HALF.equals(shown.get(0).text());
    }

    private static FeishuEventSender sender(GatewayJvm gateway, FakeFeishuServer feishu) {
        return new FeishuEventSender(gateway.baseUrl() + "/feishu/events", VERIFY, null, feishu);
    }

    /** The fake Feishu app, open DMs, answers streamed into cards. */
    private static String channels(FakeFeishuServer feishu) {
        return """
                { "feishu": { "enabled": true, "appId": "%s", "appSecret": "%s", "apiBaseUrl": "%s",
                              "verificationToken": "%s", "dmPolicy": "open", "streamingMode": "partial" } }
                """.formatted(FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, feishu.baseUrl(), VERIFY);
    }
}
