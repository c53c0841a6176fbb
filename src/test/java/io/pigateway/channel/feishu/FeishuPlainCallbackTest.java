package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FeishuEventSender;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Feishu callback without an encrypt key (the verification token authenticates), answers in
 * {@code off} mode (posts, split at 4000), and the allowlist, open and disabled DM policies switched
 * by a config reload; after a restart a redelivered event or message is not handled again.
 * Pairing is covered by {@link FeishuEndToEndTest}.
 */
class FeishuPlainCallbackTest {
    static final String VERIFY = "plain-verify-token";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void tokenAuthenticatedCallbackOffModeEveryDmPolicyAndARestart() throws Exception {
        Path configFile = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeFeishuServer feishu = new FakeFeishuServer()) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("LONG")
                    ? Reply.chunked(FeishuEndToEndTest.longAnswer(), 900) : FakeLlmServer.defaultReply(request));
            ObjectNode beforeRestart;
            try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "", channels(feishu), configFile)) {
                FeishuEventSender events = new FeishuEventSender(gw.url("/feishu/events"), VERIFY, null, feishu);
                beforeRestart = events.envelope("evt-restart-1", events.dm("ou_other", "oc_dm_other", "before the restart"));
                // the challenge, in clear text, checked by the token
                var challenge = events.urlVerification("plain-challenge", VERIFY);
                assertThat(challenge.statusCode()).isEqualTo(200);
                assertThat(challenge.body()).contains("\"challenge\":\"plain-challenge\"");
                assertThat(events.urlVerification("plain-challenge", "wrong").statusCode()).isEqualTo(401);
                FeishuEventSender forger = new FeishuEventSender(gw.url("/feishu/events"), "wrong-token", null, feishu);
                assertThat(forger.send(forger.dm("ou_listed", "oc_dm_listed", "forged")).statusCode()).isEqualTo(401);
                ObjectNode noToken = events.envelope("evt-no-token", events.dm("ou_listed", "oc_dm_listed", "tokenless"));
                ((ObjectNode) noToken.path("header")).remove("token");
                assertThat(events.sendBody(noToken).statusCode()).isEqualTo(401);

                // allowlist: only ou_listed; the answer is a post replying to the message
                events.send(events.dm("ou_other", "oc_dm_other", "not on the list"));
                events.send(events.dm("ou_listed", "oc_dm_listed", "on the list"));
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_listed").contains("echo: on the list"));
                FakeFeishuServer.Shown answer = feishu.messagesIn("oc_dm_listed").get(0);
                assertThat(answer.msgType()).isEqualTo("post");
                assertThat(answer.replyTo()).startsWith("om_user_");
                assertThat(feishu.calls("POST", "/open-apis/cardkit/")).isEmpty();

                events.send(events.dm("ou_listed", "oc_dm_listed", "LONG please"));
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_listed").size() >= 3);
                List<String> parts = feishu.textsIn("oc_dm_listed").subList(1, feishu.textsIn("oc_dm_listed").size());
                assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4000));
                assertThat(String.join("\n", parts).replaceAll("\\s+", " "))
                        .isEqualTo(FeishuEndToEndTest.longAnswer().replaceAll("\\s+", " "));

                // open: everyone
                reload(gw, configFile, "\"dmPolicy\": \"allowlist\"", "\"dmPolicy\": \"open\"");
                events.send(events.dm("ou_other", "oc_dm_other", "now it is open"));
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_other").contains("echo: now it is open"));
                assertThat(feishu.textsIn("oc_dm_other")).doesNotContain("echo: not on the list");

                // disabled: nobody, not even the allowlist
                reload(gw, configFile, "\"dmPolicy\": \"open\"", "\"dmPolicy\": \"disabled\"");
                events.send(events.dm("ou_listed", "oc_dm_listed", "while disabled"));
                ObjectNode last = events.dm("ou_other", "oc_dm_other", "while disabled too");
                events.send(last);
                // events are taken in order on one thread: once the last one was seen, both were decided
                String seen = "feishu:default:oc_dm_other:" + last.path("message").path("message_id").asText();
                await().atMost(WAIT).until(() -> {
                    try (StateStore store = SqliteStateStore.open(dir.resolve("data"))) {
                        return store.get("inbound.seen", seen).isPresent();
                    }
                });
                reload(gw, configFile, "\"dmPolicy\": \"disabled\"", "\"dmPolicy\": \"open\"");
                events.send(events.dm("ou_other", "oc_dm_other", "open again"));
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_other").contains("echo: open again"));
                assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.lastUserText(r).contains("while disabled")
                        || FakeLlmServer.lastUserText(r).contains("not on the list"));

                events.sendBody(beforeRestart);
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_other").contains("echo: before the restart"));
            }
            // Feishu delivering the same event (and the same message under a new event id) after a restart
            try (TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "", channels(feishu), configFile)) {
                FeishuEventSender events = new FeishuEventSender(gw.url("/feishu/events"), VERIFY, null, feishu);
                assertThat(events.sendBody(beforeRestart).statusCode()).isEqualTo(200);
                assertThat(events.sendBody(events.envelope("evt-restart-2",
                        (ObjectNode) beforeRestart.path("event").deepCopy())).statusCode()).isEqualTo(200);
                events.send(events.dm("ou_listed", "oc_dm_listed", "after the restart"));
                await().atMost(WAIT).until(() -> feishu.textsIn("oc_dm_listed").contains("echo: after the restart"));
                assertThat(llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains("before the restart")))
                        .hasSize(1);
            }
        }
    }

    private static void reload(TestGateway gw, Path configFile, String from, String to) throws Exception {
        String config = Files.readString(configFile);
        assertThat(config).contains(from);
        Files.writeString(configFile, config.replace(from, to));
        var answer = gw.post("/api/config/reload", "{}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"applied\":[\"channels.feishu.dmPolicy\"]");
    }

    private static String channels(FakeFeishuServer feishu) {
        return """
                "channels": { "feishu": { "enabled": true, "appId": "%s", "appSecret": "%s", "apiBaseUrl": "%s",
                  "verificationToken": "%s", "dmPolicy": "allowlist", "allowlist": ["ou_listed"],
                  "streamingMode": "off" } }
                """.formatted(FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, feishu.baseUrl(), VERIFY);
    }
}
