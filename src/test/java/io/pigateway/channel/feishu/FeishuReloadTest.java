package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FeishuEventSender;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload in a running gateway against the fake Feishu: a new streaming mode (posts, then
 * a streaming card) and a new groups list (a group listed with no mention needed) apply to the
 * next message; new app credentials make a new API client whose tenant token is fetched with the
 * new secret.
 */
class FeishuReloadTest {
    private static final String VERIFY = "reload-verify-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NEW_SECRET = "rotated-app-secret";
    private static final String SLOW = "A slow answer that keeps streaming for a few seconds.";
    private static final String STREAMED = "First paragraph.\n\nSecond paragraph.";

    @TempDir
    Path dir;

    @Test
    void aNewStreamingModeAndGroupsListApplyToTheNextMessage() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeFeishuServer feishu = new FakeFeishuServer(); TestGateway gw = start(pi, feishu, "off", file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("STREAM")
                    ? Reply.chunked(STREAMED, 6).chunkDelay(60) : FakeLlmServer.defaultReply(request));
            FeishuEventSender events = events(gw, feishu);
            events.send(events.group("ou_bob", "oc_group_a", "group before", false));
            events.send(events.dm("ou_ann", "oc_dm_ann", "STREAM before"));
            await().atMost(WAIT).until(() -> feishu.messagesIn("oc_dm_ann").size() == 1);
            assertThat(feishu.messagesIn("oc_dm_ann").get(0).msgType()).isEqualTo("post");
            assertThat(feishu.textsIn("oc_group_a")).as("the group is not listed").isEmpty();
            assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.allText(r).contains("group before"));

            String answer = gw.reload(file, TestGateway.channels(channels(feishu, "partial",
                    "{ \"oc_group_a\": { \"requireMention\": false, \"allowFrom\": [\"*\"] } }")));
            events.send(events.group("ou_bob", "oc_group_a", "group after", false));
            events.send(events.dm("ou_ann", "oc_dm_ann", "STREAM after"));

            assertThat(answer).contains("channels.feishu.streamingMode", "channels.feishu.groups.oc_group_a.requireMention");
            await().atMost(WAIT).until(() -> feishu.textsIn("oc_group_a").contains("echo: group after"));
            await().atMost(WAIT).until(() -> feishu.messagesIn("oc_dm_ann").size() == 2
                    && STREAMED.equals(feishu.textsIn("oc_dm_ann").get(1)));
            assertThat(feishu.messagesIn("oc_dm_ann").get(1).msgType()).as("a streaming card").isEqualTo("interactive");
        }
    }

    @Test
    void aNewAppSecretIsUsedForTheNextAnswerWithoutARestart() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeFeishuServer feishu = new FakeFeishuServer(); TestGateway gw = start(pi, feishu, "off", file)) {
            FeishuEventSender events = events(gw, feishu);
            events.send(events.dm("ou_ann", "oc_dm_ann", "before the reset"));
            await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_ann").contains("echo: before the reset"));
            assertThat(feishu.secretOf(lastSendToken(feishu))).isEqualTo(FakeFeishuServer.APP_SECRET);

            feishu.resetAppSecret(NEW_SECRET); // the old secret and its tokens stop working
            String answer = gw.reload(file, TestGateway.channels(channels(feishu, "off", "{}", NEW_SECRET)));
            events.send(events.dm("ou_ann", "oc_dm_ann", "after the reset"));

            JsonNode diff = new ObjectMapper().readTree(answer);
            assertThat(diff.path("applied").toString()).contains("channels.feishu.appSecret");
            assertThat(diff.path("restartNeeded")).as("nothing waits for a restart").isEmpty();
            await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_ann").contains("echo: after the reset"));
            assertThat(feishu.secretOf(lastSendToken(feishu))).as("the answer's token comes from the new secret")
                    .isEqualTo(NEW_SECRET);
            assertThat(answer).doesNotContain(NEW_SECRET).doesNotContain(FakeFeishuServer.APP_SECRET);
        }
    }

    @Test
    void anAnswerStreamingDuringTheReloadFinishesOnTheClientItStartedWith() throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeFeishuServer feishu = new FakeFeishuServer(); TestGateway gw = start(pi, feishu, "partial", file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("SLOW")
                    ? Reply.chunked(SLOW, 4).chunkDelay(400) : FakeLlmServer.defaultReply(request));
            FeishuEventSender events = events(gw, feishu);
            events.send(events.dm("ou_ann", "oc_dm_ann", "SLOW please"));
            await().atMost(WAIT).until(() -> feishu.streamingCards() == 1); // the answer's card is streaming

            feishu.acceptAppSecret(NEW_SECRET); // the old tokens stay valid: the old client can finish
            gw.reload(file, TestGateway.channels(channels(feishu, "partial", "{}", NEW_SECRET)));
            int reloadedAt = feishu.calls().size();
            await().atMost(WAIT).until(() -> feishu.streamingCards() == 0 && feishu.messagesIn("oc_dm_ann").size() == 1
                    && SLOW.equals(feishu.textsIn("oc_dm_ann").get(0)));
            int answeredAt = feishu.calls().size();
            events.send(events.dm("ou_ann", "oc_dm_ann", "after the reload"));
            await().atMost(WAIT).until(() -> feishu.messagesIn("oc_dm_ann").size() == 2);

            var streamedAfterReload = feishu.calls().subList(reloadedAt, answeredAt).stream()
                    .filter(c -> c.path().startsWith("/open-apis/cardkit/v1/cards/")).toList();
            assertThat(streamedAfterReload).as("the card kept streaming after the reload").isNotEmpty();
            assertThat(streamedAfterReload).as("on the client the answer started with")
                    .allSatisfy(c -> assertThat(feishu.secretOf(c.token())).isEqualTo(FakeFeishuServer.APP_SECRET));
            assertThat(feishu.secretOf(lastSendToken(feishu))).as("the next answer uses the new client")
                    .isEqualTo(NEW_SECRET);
        }
    }

    private TestGateway start(PiTestRuntime pi, FakeFeishuServer feishu, String streamingMode, Path file)
            throws Exception {
        return TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false,", "",
                channels(feishu, streamingMode, "{}"), file);
    }

    private static FeishuEventSender events(TestGateway gw, FakeFeishuServer feishu) {
        return new FeishuEventSender(gw.url("/feishu/events"), VERIFY, null, feishu);
    }

    private static String lastSendToken(FakeFeishuServer feishu) {
        var sends = feishu.calls("POST", "/open-apis/im/v1/messages");
        return sends.get(sends.size() - 1).token();
    }

    private static String channels(FakeFeishuServer feishu, String streamingMode, String groups) {
        return channels(feishu, streamingMode, groups, FakeFeishuServer.APP_SECRET);
    }

    private static String channels(FakeFeishuServer feishu, String streamingMode, String groups, String secret) {
        return """
                "channels": { "feishu": { "enabled": true, "appId": "%s", "appSecret": "%s", "apiBaseUrl": "%s",
                  "verificationToken": "%s", "dmPolicy": "open", "groups": %s, "streamingMode": "%s" } }
                """.formatted(FakeFeishuServer.APP_ID, secret, feishu.baseUrl(), VERIFY, groups, streamingMode);
    }
}
