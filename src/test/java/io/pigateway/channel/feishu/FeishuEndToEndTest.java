package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.cli.PiGwCli;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FakeFeishuServer.Call;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FeishuEventSender;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The Feishu channel end to end with an encrypt key (every event encrypted and signed, as Feishu
 * does): fake Feishu → the gateway's callback → real pi → fake LLM → streaming cards on the fake
 * Open API. One gateway (pool 1), dmPolicy pairing, two listed groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeishuEndToEndTest {
    static final String VERIFY = "verify-token-123";
    static final String KEY = "encrypt-key-456";
    static final String DM = "oc_p2p_alice";
    static final String ALICE = "ou_alice";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String STREAMED = "First paragraph of the answer.\n\nSecond paragraph, **bold** at the end.";

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeFeishuServer feishu;
    Path dataDir;
    Path configFile;
    TestGateway gw;
    FeishuEventSender events;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(request -> {
            String text = FakeLlmServer.lastUserText(request);
            if (text.contains("LONG")) {
                return Reply.chunked(longAnswer(), 700);
            }
            if (text.contains("SLOW")) {
                return Reply.chunked("slow answer that takes a while", 4).chunkDelay(300);
            }
            if (text.contains("STREAM")) {
                return Reply.chunked(STREAMED, 6).chunkDelay(80);
            }
            if (text.contains("TOOLS")) {
                return toolScript(request);
            }
            return FakeLlmServer.defaultReply(request);
        });
        pi = PiTestRuntime.create(llm);
        feishu = new FakeFeishuServer();
        dataDir = Files.createTempDirectory("feishu-e2e");
        configFile = dataDir.resolve("cli.jsonc");
        Files.writeString(configFile, "{ \"gateway\": { \"dataDir\": \"" + dataDir + "\", \"auth\": { \"token\": \""
                + TestGateway.TOKEN + "\" } } }");
        String channel = """
                "channels": { "feishu": {
                  "enabled": true, "appId": "%s", "appSecret": "%s", "apiBaseUrl": "%s",
                  "verificationToken": "%s", "encryptKey": "%s", "streamingMode": "partial",
                  "groups": { "oc_group_a": { "allowFrom": ["*"] },
                              "oc_group_b": { "requireMention": false, "allowFrom": ["*"], "role": null } } } }
                """.formatted(FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, feishu.baseUrl(), VERIFY, KEY);
        gw = TestGateway.start(pi, dataDir, 1, 1, channel);
        events = new FeishuEventSender(gw.url("/feishu/events"), VERIFY, KEY, feishu);
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        feishu.close();
        pi.close();
        llm.close();
    }

    /** send_message, then react to and edit the message it sent, then "done". */
    static Reply toolScript(JsonNode request) {
        List<String> results = toolResults(request);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("om_\\w+")
                .matcher(results.isEmpty() ? "" : results.get(0));
        String sent = id.find() ? id.group() : "none";
        return switch (results.size()) {
            case 0 -> Reply.toolCall("send_message", "{\"text\":\"interim from the tool\"}");
            case 1 -> Reply.toolCall("message", "{\"action\":\"react\",\"messageId\":\"" + sent + "\",\"emoji\":\"👍\"}");
            case 2 -> Reply.toolCall("message", "{\"action\":\"edit\",\"messageId\":\"" + sent
                    + "\",\"text\":\"edited by the tool\"}");
            default -> Reply.text("done: " + String.join(" | ", results));
        };
    }

    /** The tool results after the request's last user message. */
    static List<String> toolResults(JsonNode request) {
        JsonNode messages = request.path("messages");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                lastUser = i;
            }
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = lastUser + 1; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            if ("tool".equals(msg.path("role").asText())) {
                JsonNode c = msg.path("content");
                StringBuilder sb = new StringBuilder(c.isTextual() ? c.asText() : "");
                c.forEach(part -> sb.append(part.path("text").asText()));
                out.add(sb.toString());
            }
        }
        return out;
    }

    static String longAnswer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 5000; i++) {
            sb.append("Line ").append(i).append(" of a long answer that needs more than one Feishu card.\n");
        }
        return sb.toString().strip();
    }

    boolean llmSaw(String text) {
        return llm.requests().stream().anyMatch(r -> FakeLlmServer.lastUserText(r).contains(text));
    }

    long llmCount(String text) {
        return llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains(text)).count();
    }

    List<String> texts(String chatId) {
        return feishu.textsIn(chatId);
    }

    int cli(String... args) {
        CommandLine cli = PiGwCli.newCommandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    @Order(1)
    void encryptedChallengeIsAnsweredAndForgeriesAre401() throws Exception {
        HttpResponse<String> challenge = events.urlVerification("challenge-abc", VERIFY);
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(challenge.body()).path("challenge").asText()).isEqualTo("challenge-abc");
        assertThat(events.urlVerification("challenge-abc", "wrong-token").statusCode()).isEqualTo(401);
        // a plain body where an encrypted one is expected, and garbage
        assertThat(events.post("{\"challenge\":\"x\",\"token\":\"" + VERIFY + "\",\"type\":\"url_verification\"}",
                null, null, null).statusCode()).isEqualTo(401);
        assertThat(events.post("{\"encrypt\":\"bm90IGVuY3J5cHRlZA==\"}", null, null, null).statusCode()).isEqualTo(401);

        ObjectNode body = events.envelope("evt-forged", events.dm(ALICE, DM, "forged message"));
        String raw = new ObjectMapper().createObjectNode()
                .put("encrypt", FeishuEventSender.encrypt(KEY, body.toString())).toString();
        assertThat(events.post(raw, "1700000000", "n1", "00" + FeishuEventSender.sign("1700000000", "n1", KEY, raw)
                .substring(2)).statusCode()).isEqualTo(401);
        assertThat(events.post(raw, "1700000000", "n1", FeishuEventSender.sign("1700000000", "n1", "other key", raw))
                .statusCode()).isEqualTo(401);
        assertThat(events.post(raw, null, null, null).statusCode()).isEqualTo(401);
        // the gateway token is not needed here, and not enough either
        assertThat(gw.post("/feishu/events", raw).statusCode()).isEqualTo(401);
        assertThat(llmSaw("forged message")).isFalse();
    }

    @Test
    @Order(2)
    void pairingThenAStreamingCardWithGrowingSequences() {
        events.send(events.dm(ALICE, DM, "hello from a stranger"));
        await().atMost(WAIT).until(() -> texts(DM).stream().anyMatch(t -> t != null && t.contains("pairing code")));
        assertThat(llmSaw("hello from a stranger")).isFalse();
        String code;
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            List<PairingRequest> pending = new PairingStore(store).pending();
            assertThat(pending).singleElement().satisfies(p -> assertThat(p.senderId()).isEqualTo(ALICE));
            code = pending.get(0).code();
        }
        assertThat(cli("pairing", "approve", "feishu", code, "--config", configFile.toString())).isEqualTo(0);

        int before = texts(DM).size();
        events.send(events.dm(ALICE, DM, "STREAM please"));
        await().atMost(WAIT).until(() -> texts(DM).size() == before + 1 && STREAMED.equals(texts(DM).get(before)));
        FakeFeishuServer.Shown card = feishu.messagesIn(DM).get(before);
        assertThat(card.msgType()).isEqualTo("interactive");
        assertThat(card.replyTo()).startsWith("om_user_");
        Map<String, List<Integer>> sequences = feishu.calls("PUT", "/open-apis/cardkit/v1/cards/").stream()
                .collect(Collectors.groupingBy(c -> c.path().split("/")[5],
                        Collectors.mapping(c -> c.body().path("sequence").asInt(), Collectors.toList())));
        assertThat(sequences).isNotEmpty();
        sequences.values().forEach(seq -> assertThat(seq).isSorted().doesNotHaveDuplicates());
        await().atMost(WAIT).until(() -> feishu.calls("PATCH", "/open-apis/cardkit/v1/cards/").size() >= 1);
        String cardId = feishu.calls("PATCH", "/open-apis/cardkit/v1/cards/").get(0).path().split("/")[5];
        assertThat(feishu.isStreaming(cardId)).isFalse();
    }

    @Test
    @Order(3)
    void groupsNeedAMentionUnlessConfiguredAndThreadsHaveTheirOwnSession() {
        events.send(events.group("ou_bob", "oc_group_a", "unaddressed chatter", false));
        events.send(events.group("ou_bob", "oc_group_a", "addressed question", true));
        await().atMost(WAIT).until(() -> texts("oc_group_a").contains("echo: addressed question"));
        events.send(events.group("ou_bob", "oc_group_b", "no mention needed here", false));
        await().atMost(WAIT).until(() -> texts("oc_group_b").contains("echo: no mention needed here"));
        events.send(events.group("ou_bob", "oc_unlisted", "unlisted group", true));

        ObjectNode threaded = events.group("ou_bob", "oc_group_a", "in the thread", true);
        ((ObjectNode) threaded.path("message")).put("root_id", "om_root_1");
        events.send(threaded);
        await().atMost(WAIT).until(() -> texts("oc_group_a").contains("echo: in the thread"));
        assertThat(llmSaw("unaddressed chatter")).isFalse();
        assertThat(llmSaw("unlisted group")).isFalse();
        assertThat(llmSaw("@_user_1")).as("the mention placeholder is stripped").isFalse();
        assertThat(gw.runtime().service().session("agent:main:feishu:group:oc_group_a")).isPresent();
        assertThat(gw.runtime().service().session("agent:main:feishu:thread:oc_group_a:om_root_1")).isPresent();
        assertThat(gw.runtime().service().session("agent:main:feishu:dm:" + ALICE)).isPresent();
    }

    @Test
    @Order(4)
    void aRepeatedEventIdOrMessageIsHandledOnce() {
        ObjectNode event = events.dm(ALICE, DM, "only once please");
        ObjectNode body = events.envelope("evt-dup-1", event);
        assertThat(events.sendBody(body).statusCode()).isEqualTo(200);
        assertThat(events.sendBody(body.deepCopy()).statusCode()).isEqualTo(200);
        assertThat(events.sendBody(events.envelope("evt-dup-2", event.deepCopy())).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> texts(DM).contains("echo: only once please"));
        events.send(events.dm(ALICE, DM, "after the duplicates"));
        await().atMost(WAIT).until(() -> texts(DM).contains("echo: after the duplicates"));
        assertThat(llmCount("only once please")).isEqualTo(1);
        try (StateStore store = SqliteStateStore.open(dataDir)) { // forgotten once the card's stream is closed
            await().atMost(WAIT).untilAsserted(() -> assertThat(new InboundJournal(store).pending(FeishuChannel.NAME))
                    .as("answered: nothing left for a restart").isEmpty());
        }
    }

    @Test
    @Order(5)
    void aSlowAnswerStillGetsItsCallbackAnsweredWithinASecond() {
        long start = System.nanoTime();
        HttpResponse<String> response = events.send(events.dm(ALICE, DM, "SLOW please"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(millis).isLessThan(1000);
        await().atMost(WAIT).until(() -> texts(DM).contains("slow answer that takes a while"));
    }

    @Test
    @Order(6)
    void whenCardKitIsRefusedAnInteractiveCardIsPatchedInstead() {
        feishu.setCardKitRefused(true);
        try {
            int patches = feishu.calls("PATCH", "/open-apis/im/v1/messages/").size();
            events.send(events.dm(ALICE, DM, "STREAM without cardkit"));
            await().atMost(WAIT).until(() -> texts(DM).get(texts(DM).size() - 1).equals(STREAMED)
                    && llmSaw("STREAM without cardkit"));
            assertThat(feishu.calls("PATCH", "/open-apis/im/v1/messages/").size()).isGreaterThan(patches);
        } finally {
            feishu.setCardKitRefused(false);
        }
    }

    @Test
    @Order(7)
    void anExpiredTokenIsReplacedOnceMidRun() {
        int fetches = feishu.tokenFetches();
        feishu.expireAllTokens();
        events.send(events.dm(ALICE, DM, "after the token expired"));
        await().atMost(WAIT).until(() -> texts(DM).contains("echo: after the token expired"));
        assertThat(feishu.tokenFetches()).isEqualTo(fetches + 1);
    }

    @Test
    @Order(8)
    void aLongAnswerIsSplitAt4000() {
        int before = texts(DM).size();
        events.send(events.dm(ALICE, DM, "LONG answer please"));
        await().atMost(WAIT).until(() -> texts(DM).size() >= before + 2 && String.join("\n",
                texts(DM).subList(before, texts(DM).size())).replaceAll("\\s+", " ")
                .equals(longAnswer().replaceAll("\\s+", " ")));
        assertThat(texts(DM).subList(before, texts(DM).size()))
                .allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(4000));
    }

    @Test
    @Order(9)
    void anImageIsDownloadedAndItsPathGoesIntoThePrompt() {
        feishu.addResource("img_in_1", new byte[] {9, 8, 7});
        events.send(events.message(ALICE, DM, "p2p", "image", "{\"image_key\":\"img_in_1\"}"));
        await().atMost(WAIT).until(() -> llm.requests().stream()
                .anyMatch(r -> FakeLlmServer.lastUserText(r).contains("[attached photo: ")));
        JsonNode request = llm.requests().stream()
                .filter(r -> FakeLlmServer.lastUserText(r).contains("[attached photo: ")).findFirst().orElseThrow();
        String prompt = FakeLlmServer.lastUserText(request);
        assertThat(prompt).contains(dataDir.resolve("media/feishu/default/" + DM).toString());
        String path = prompt.substring(prompt.indexOf("[attached photo: ") + 17, prompt.indexOf(']',
                prompt.indexOf("[attached photo: ")));
        assertThat(Path.of(path)).hasBinaryContent(new byte[] {9, 8, 7});
        List<Call> downloads = feishu.calls("GET", "/open-apis/im/v1/messages/");
        assertThat(downloads).anySatisfy(c -> assertThat(c.query()).isEqualTo("type=image"));
    }

    @Test
    @Order(10)
    void apiSendTheCliAndRateLimitsThatAreRetried() {
        assertThat(gw.post("/api/send", "{\"to\":\"feishu:oc_group_a\",\"message\":\"Hello **team**\"}").statusCode())
                .isEqualTo(200);
        assertThat(texts("oc_group_a")).last().isEqualTo("Hello **team**");
        assertThat(feishu.calls("POST", "/open-apis/im/v1/messages")).last()
                .satisfies(c -> assertThat(c.query()).isEqualTo("receive_id_type=chat_id"));

        feishu.failNext("POST /open-apis/im/v1/messages", 2, 429, 99991400);
        assertThat(gw.post("/api/send", "{\"to\":\"feishu:ou_carol\",\"message\":\"despite the limit\"}").statusCode())
                .isEqualTo(200);
        assertThat(texts("ou_carol")).containsExactly("despite the limit");
        assertThat(feishu.calls("POST", "/open-apis/im/v1/messages")).last()
                .satisfies(c -> assertThat(c.query()).isEqualTo("receive_id_type=open_id"));

        assertThat(cli("send", "--config", configFile.toString(), "--url", gw.runtime().baseUrl(),
                "--to", "feishu:oc_group_b", "--message", "from the cli")).isEqualTo(0);
        assertThat(texts("oc_group_b")).last().isEqualTo("from the cli");
    }

    @Test
    @Order(11)
    void healthShowsTheTokenState() {
        HttpResponse<String> health = gw.get("/health", true);
        assertThat(health.body()).contains("feishu").contains("\"token\":\"ok\"");
    }

    @Test
    @Order(12)
    void theAgentToolsSendReactAndEditInTheChat() {
        events.send(events.dm(ALICE, DM, "TOOLS please"));
        await().atMost(WAIT).until(() -> texts(DM).stream().anyMatch(t -> t != null && t.startsWith("done: "))
                && !gw.runtime().service().isBusy("agent:main:feishu:dm:" + ALICE) && feishu.streamingCards() == 0);
        String done = texts(DM).stream().filter(t -> t != null && t.startsWith("done: ")).findFirst().orElseThrow();
        assertThat(done).contains("sent (message id om_").doesNotContain("not supported", "refused");
        assertThat(texts(DM)).contains("edited by the tool").doesNotContain("interim from the tool");
        assertThat(feishu.calls("POST", "/open-apis/im/v1/messages/")).anySatisfy(c -> {
            assertThat(c.path()).endsWith("/reactions");
            assertThat(c.body().path("reaction_type").path("emoji_type").asText()).isEqualTo("THUMBSUP");
        });
    }
}
