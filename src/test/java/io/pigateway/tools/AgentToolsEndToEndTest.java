package io.pigateway.tools;

import static io.pigateway.testing.FakeTelegramServer.botUsername;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static io.pigateway.testing.FakeTelegramServer.topicText;
import static io.pigateway.testing.FakeTelegramServer.withMention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.FakeTelegramServer.Call;
import io.pigateway.testing.FakeTelegramServer.Sent;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent tools end to end: fake Telegram → gateway → real pi (with the bridge extension) → fake
 * LLM asking for tool calls → extension → /api/tools/* → fake Telegram. One gateway (pool 1) for
 * the whole class; the last test restarts it through the gateway tool. A prompt
 * {@code calls [[name, {args}], ...]} makes the fake LLM issue those tool calls one after another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentToolsEndToEndTest {
    static final String BOT = "100:TOOLS";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CALLS = Pattern.compile("calls (\\[.*\\])", Pattern.DOTALL);

    FakeLlmServer llm;
    PiTestRuntime pi;
    FakeTelegramServer telegram;
    HttpServer files;
    final List<String> fileHits = new CopyOnWriteArrayList<>();
    Path dataDir;
    Path configFile;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(AgentToolsEndToEndTest::scripted);
        pi = PiTestRuntime.create(llm);
        telegram = new FakeTelegramServer();
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", ex -> {
            fileHits.add(ex.getRequestURI().getPath());
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/to/")) {
                ex.getResponseHeaders().set("Location", path.substring(4).replace("PORT", "" + files.getAddress().getPort()));
                ex.sendResponseHeaders(302, -1);
            } else {
                byte[] body = "remote picture".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        files.start();
        dataDir = Files.createTempDirectory("tools-e2e");
        configFile = dataDir.resolve("pi-gateway.jsonc");
        // a hook route at message_sending: the agent's own sends pass it like its answers do
        Path routes = Files.createDirectories(dataDir.resolve("routes"));
        Files.writeString(routes.resolve("sending.yaml"), """
                - route:
                    id: tool-send-hook
                    from:
                      uri: direct:hook-message_sending
                      steps:
                        - choice:
                            when:
                              - simple: "${body[text]} contains 'SECRET'"
                                steps:
                                  - setBody:
                                      constant: '{"cancel": true}'
                              - simple: "${body[text]} contains 'rewrite me'"
                                steps:
                                  - setBody:
                                      constant: '{"text": "rewritten by a hook"}'
                """);
        gw = TestGateway.start(pi, dataDir, 1, 1, "\"routesDir\": \"" + routes + "\",", "", channelConfig(), configFile);
    }

    String channelConfig() {
        return """
                "channels": { "telegram": {
                  "enabled": true, "apiBaseUrl": "%s", "botToken": "%s", "dmPolicy": "open", "streamingMode": "off",
                  "allowlist": ["42"],
                  "groups": { "-100": { "requireMention": true } } } }
                """.formatted(telegram.baseUrl(), BOT);
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        files.stop(0);
        telegram.close();
        pi.close();
        llm.close();
    }

    /** {@code calls [...]}: the i-th tool call after i tool results, then "done"; else the default fake. */
    static Reply scripted(JsonNode request) {
        Matcher m = CALLS.matcher(FakeLlmServer.lastUserText(request));
        if (!m.find()) {
            return FakeLlmServer.defaultReply(request);
        }
        try {
            JsonNode calls = JSON.readTree(m.group(1));
            int done = toolResults(request).size();
            if (done < calls.size()) {
                return Reply.toolCall(calls.get(done).get(0).asText(), calls.get(done).get(1).toString());
            }
            return Reply.text("done");
        } catch (Exception e) {
            return Reply.text("bad script: " + e);
        }
    }

    /** Texts of the tool results after the last user message of a request. */
    static List<String> toolResults(JsonNode request) {
        JsonNode messages = request.path("messages");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                lastUser = i;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = lastUser + 1; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            if ("tool".equals(msg.path("role").asText())) {
                JsonNode c = msg.path("content");
                if (c.isTextual()) {
                    out.add(c.asText());
                } else {
                    StringBuilder sb = new StringBuilder();
                    c.forEach(part -> sb.append(part.path("text").asText()));
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    /** The tool results the LLM saw in the turn whose prompt contained {@code marker}. */
    List<String> resultsOf(String marker) {
        List<JsonNode> requests = llm.requests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (FakeLlmServer.lastUserText(requests.get(i)).contains(marker)) {
                return toolResults(requests.get(i));
            }
        }
        return List.of();
    }

    static String calls(String marker, String... callsJson) {
        return marker + " calls [" + String.join(",", callsJson) + "]";
    }

    static String call(String tool, String argsJson) {
        return "[\"" + tool + "\"," + argsJson + "]";
    }

    List<String> textsIn(String chatId) {
        return telegram.messagesIn(chatId).stream().map(Sent::text).toList();
    }

    /** Sends a DM from {@code user} and waits for the turn's final answer "done" (the n-th in that chat). */
    void dmAndAwaitDone(long user, String text) {
        long before = textsIn(Long.toString(user)).stream().filter("done"::equals).count();
        telegram.addMessage(BOT, privateText(user, text));
        await().atMost(WAIT).until(() -> textsIn(Long.toString(user)).stream().filter("done"::equals).count() > before);
    }

    @Test
    @Order(1)
    void messagesAndActionsReachTheSessionsOwnDmChat() {
        String marker = "M1";
        dmAndAwaitDone(42, calls(marker,
                call("send_message", "{\"text\":\"interim hi\"}"),
                call("message", "{\"action\":\"react\",\"messageId\":\"7\",\"emoji\":\"👍\"}"),
                call("message", "{\"action\":\"pin\",\"messageId\":\"7\"}"),
                call("message", "{\"action\":\"delete\",\"messageId\":\"8\"}"),
                call("session_status", "{}")));
        List<String> results = resultsOf(marker);
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).startsWith("sent (message id ");
        assertThat(results.get(1)).isEqualTo("reacted to message 7");
        assertThat(results.get(2)).isEqualTo("pinned message 7");
        assertThat(results.get(3)).isEqualTo("deleted message 8");
        assertThat(results.get(4)).contains("model: fake/fake-echo", "tokens:", "cost: $", "context:");
        assertThat(textsIn("42")).containsSubsequence("interim hi", "done");

        Call react = telegram.calls("setMessageReaction").get(0);
        assertThat(react.chatId()).isEqualTo("42");
        assertThat(react.params().path("message_id").asLong()).isEqualTo(7);
        assertThat(react.params().path("reaction").get(0).path("emoji").asText()).isEqualTo("👍");
        assertThat(telegram.calls("pinChatMessage")).singleElement().satisfies(c -> assertThat(c.chatId()).isEqualTo("42"));
        assertThat(telegram.calls("deleteMessage")).singleElement().satisfies(c -> {
            assertThat(c.chatId()).isEqualTo("42");
            assertThat(c.params().path("message_id").asLong()).isEqualTo(8);
        });

        // another session (user 43) acts on its own chat only, and edits address its own messages
        long interimId = telegram.messagesIn("42").stream().filter(s -> s.text().equals("interim hi")).findFirst()
                .orElseThrow().messageId();
        dmAndAwaitDone(43, calls("M1b", call("send_message", "{\"text\":\"for 43 only\"}")));
        assertThat(textsIn("43")).contains("for 43 only");
        assertThat(textsIn("42")).doesNotContain("for 43 only");
        dmAndAwaitDone(42, calls("M1c",
                call("message", "{\"action\":\"edit\",\"messageId\":\"" + interimId + "\",\"text\":\"edited\"}")));
        assertThat(resultsOf("M1c")).containsExactly("edited message " + interimId);
        assertThat(textsIn("42")).contains("edited").doesNotContain("interim hi");
    }

    @Test
    @Order(2)
    void topicMessagesCarryTheThreadAndTheReply() {
        String bot = botUsername(BOT);
        long before = telegram.calls("sendMessage").size();
        telegram.addMessage(BOT, withMention(topicText(-100, 77, 9, "@" + bot + " " + calls("M2",
                call("send_message", "{\"text\":\"in the topic\",\"replyTo\":\"5\"}"))), bot));
        await().atMost(WAIT).until(() -> textsIn("-100").contains("done"));
        Call sent = telegram.calls("sendMessage").stream().skip(before)
                .filter(c -> "in the topic".equals(c.text())).findFirst().orElseThrow();
        assertThat(sent.chatId()).isEqualTo("-100");
        assertThat(sent.params().path("message_thread_id").asLong()).isEqualTo(77);
        assertThat(sent.params().path("reply_parameters").path("message_id").asLong()).isEqualTo(5);
    }

    @Test
    @Order(3)
    void mediaFromTheWorkspaceIsSentAndPathEscapesAreRefused() throws Exception {
        Files.writeString(pi.workDir().resolve("pic.png"), "png bytes");
        Path outside = Files.createTempFile("outside", ".txt");
        Files.writeString(outside, "secret outside");
        Files.deleteIfExists(pi.workDir().resolve("link.txt"));
        Files.createSymbolicLink(pi.workDir().resolve("link.txt"), outside);
        dmAndAwaitDone(42, calls("M3",
                call("send_media", "{\"path\":\"pic.png\",\"type\":\"photo\",\"caption\":\"a picture\"}"),
                call("send_media", "{\"path\":\"../../etc/passwd\",\"type\":\"document\"}"),
                call("send_media", "{\"path\":\"link.txt\",\"type\":\"document\"}"),
                call("send_media", "{\"path\":\"" + outside + "\",\"type\":\"document\"}"),
                call("send_media", "{\"path\":\"missing.png\",\"type\":\"photo\"}")));
        List<String> results = resultsOf("M3");
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).startsWith("sent photo pic.png");
        assertThat(results.get(1)).contains("path escapes are not allowed");
        assertThat(results.get(2)).contains("outside the workspace");
        assertThat(results.get(3)).contains("outside the workspace");
        assertThat(results.get(4)).contains("file not found");
        Call photo = telegram.calls("sendPhoto").get(0);
        assertThat(photo.chatId()).isEqualTo("42");
        assertThat(new String(photo.file(), StandardCharsets.UTF_8)).isEqualTo("png bytes");
        assertThat(photo.params().path("caption").asText()).isEqualTo("a picture");
        assertThat(telegram.calls("sendDocument")).isEmpty();
    }

    @Test
    @Order(4)
    void ssrfTargetsAreRefusedAndNothingIsFetched() {
        int port = files.getAddress().getPort();
        List<String> urls = List.of("http://127.0.0.1:" + port + "/a.png", "http://[::1]:" + port + "/a.png",
                "http://2130706433:" + port + "/a.png", "http://0177.0.0.1:" + port + "/a.png",
                "http://0x7f.0.0.1:" + port + "/a.png", "http://localhost:" + port + "/a.png",
                "http://10.0.0.1/a.png", "http://169.254.169.254/latest/meta-data/", "http://[fc00::1]/a.png");
        String[] toolCalls = urls.stream().map(u -> call("send_media", "{\"path\":\"" + u + "\",\"type\":\"photo\"}"))
                .toArray(String[]::new);
        dmAndAwaitDone(42, calls("M4", toolCalls));
        assertThat(resultsOf("M4")).hasSize(urls.size()).allSatisfy(r -> assertThat(r).contains("blocked by SSRF guard"));
        assertThat(fileHits).isEmpty();
    }

    @Test
    @Order(5)
    void reloadAppliesTheAllowListAndRedirectsAreCheckedAgain() throws Exception {
        String valid = Files.readString(configFile);
        String allowing = valid.substring(0, valid.lastIndexOf('}'))
                + ", \"security\": { \"ssrfGuard\": { \"allowedHosts\": [\"127.0.0.1\"] } } }";
        Files.writeString(configFile, allowing);
        int port = files.getAddress().getPort();
        dmAndAwaitDone(42, calls("M5",
                call("gateway", "{\"action\":\"reload\"}"),
                call("send_media", "{\"path\":\"http://127.0.0.1:" + port + "/remote.png\",\"type\":\"photo\"}"),
                call("send_media", "{\"path\":\"http://127.0.0.1:" + port + "/to/http://localhost:PORT/x\",\"type\":\"photo\"}"),
                call("send_media", "{\"path\":\"http://127.0.0.1:" + port + "/to/http://10.0.0.1/x\",\"type\":\"photo\"}")));
        List<String> results = resultsOf("M5");
        assertThat(results.get(0)).startsWith("configuration reloaded");
        assertThat(results.get(1)).startsWith("sent photo");
        assertThat(results.get(2)).contains("blocked by SSRF guard", "localhost");
        assertThat(results.get(3)).contains("blocked by SSRF guard", "10.0.0.1");
        assertThat(fileHits).containsExactly("/remote.png", "/to/http://localhost:PORT/x", "/to/http://10.0.0.1/x");
        assertThat(telegram.calls("sendPhoto")).anySatisfy(c ->
                assertThat(new String(c.file(), StandardCharsets.UTF_8)).isEqualTo("remote picture"));

        Files.writeString(configFile, "{ \"gateway\": { \"port\": \"not a port\" ");
        dmAndAwaitDone(42, calls("M5b", call("gateway", "{\"action\":\"reload\"}")));
        assertThat(resultsOf("M5b")).singleElement().asString().contains("invalid", "running config is kept");
        Files.writeString(configFile, valid);

        // an admitted user who is not the operator (open DMs) cannot reload or restart the gateway
        dmAndAwaitDone(43, calls("M5c", call("gateway", "{\"action\":\"restart\"}")));
        assertThat(resultsOf("M5c")).singleElement().asString().contains("only in the operator's private chats");
    }

    @Test
    @Order(6)
    void otherChannelsAnswerNotSupported() {
        JsonNode answer = gw.chat(calls("M6", call("message", "{\"action\":\"react\",\"messageId\":\"1\",\"emoji\":\"👍\"}"),
                call("send_message", "{\"text\":\"x\"}")), null);
        assertThat(answer.path("_status").asInt()).isEqualTo(200);
        assertThat(resultsOf("M6")).containsExactly("not supported on api", "not supported on api");
    }

    @Test
    @Order(7)
    void forgedStaleAndIdleSecretsAreRefused() throws Exception {
        int sentBefore = telegram.calls("sendMessage").size();
        assertThat(toolCall(null, false).statusCode()).isEqualTo(401);
        assertThat(toolCall("forged-secret", false).statusCode()).isEqualTo(401);
        assertThat(toolCall(null, true).statusCode()).isEqualTo(401); // the gateway token is not a process secret

        long pid = gw.runtime().pi().getPool("main").pids().get(0);
        String secret = gw.runtime().toolSecrets().anySecretOf("main").orElseThrow();
        // the secret is nowhere in the process tree's environment (a sandbox hides it anyway)
        assertThat(environ(pid, "PI_GATEWAY_TOOLS_SECRET")).isNull();
        ProcessHandle.of(pid).orElseThrow().descendants().forEach(child -> {
            try {
                assertThat(new String(Files.readAllBytes(Path.of("/proc/" + child.pid() + "/environ")),
                        StandardCharsets.UTF_8)).doesNotContain(secret);
            } catch (Exception gone) {
                // the child ended meanwhile
            }
        });
        var idle = toolCall(secret, false);
        assertThat(idle.statusCode()).isEqualTo(409); // a live process, but it serves no turn right now
        assertThat(idle.body()).contains("not serving a conversation");

        ProcessHandle.of(pid).orElseThrow().destroy();
        await().atMost(WAIT).until(() -> {
            List<Long> pids = gw.runtime().pi().getPool("main").pids();
            return !pids.isEmpty() && !pids.contains(pid);
        });
        assertThat(toolCall(secret, false).statusCode()).isEqualTo(401); // the secret died with its process
        assertThat(telegram.calls("sendMessage")).hasSize(sentBefore);
    }

    @Test
    @Order(7)
    void theAgentsSendsPassTheMessageSendingHooks() {
        dmAndAwaitDone(44, calls("M9", call("send_message", "{\"text\":\"rewrite me please\"}"),
                call("send_message", "{\"text\":\"the SECRET plan\"}")));
        List<String> results = resultsOf("M9");
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).startsWith("sent (message id ");
        assertThat(results.get(1)).contains("message_sending hook").contains("cancelled");
        assertThat(textsIn("44")).contains("rewritten by a hook", "done")
                .doesNotContain("rewrite me please", "the SECRET plan");
    }

    @Test
    @Order(8)
    void restartThroughTheGatewayToolKeepsServing() {
        List<Long> before = gw.runtime().pi().getPool("main").pids();
        dmAndAwaitDone(42, calls("M8", call("gateway", "{\"action\":\"restart\"}")));
        assertThat(resultsOf("M8")).singleElement().asString().contains("restarts");
        await().atMost(WAIT).until(() -> {
            var pool = gw.runtime().pi() != null ? gw.runtime().pi().getPool("main") : null;
            return pool != null && !pool.pids().isEmpty() && before.stream().noneMatch(pool.pids()::contains);
        });
        // the asking chat hears that the gateway is back (through the new run's direct:outbound)
        await().atMost(WAIT).until(() -> textsIn("42").contains("The gateway has restarted."));
        telegram.addMessage(BOT, privateText(42, "after the restart"));
        await().atMost(WAIT).until(() -> textsIn("42").contains("echo: after the restart"));
    }

    java.net.http.HttpResponse<String> toolCall(String secret, boolean withGatewayToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url("/api/tools/send_message")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"should never arrive\"}"));
        if (secret != null) {
            b.header(ToolEndpoint.SECRET_HEADER, secret);
        }
        if (withGatewayToken) {
            b.header("Authorization", "Bearer " + TestGateway.TOKEN);
        }
        return gw.send(b);
    }

    /** A variable of a process's start-up environment (Linux /proc), as pi received it. */
    static String environ(long pid, String name) throws Exception {
        String env = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
        for (String entry : env.split("\0")) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        return null;
    }
}
