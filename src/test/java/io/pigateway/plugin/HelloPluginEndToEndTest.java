package io.pigateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.PluginJars;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example plugin ({@code examples/plugins/hello}, built from its sources) in a real gateway
 * with the real pi: the fake LLM calls its tool, its hook rewrites a message, its HTTP route is
 * behind the token, its WebSocket method and its command answer. Beside it, a plugin that fails in
 * register() and one whose hook, tool and method throw: the gateway and hello run on regardless.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloPluginEndToEndTest {
    static final String TIME = "It is always tea time in the hello plugin.";
    static final String SERVICE = "META-INF/services/io.pigateway.plugin.GatewayPlugin";

    FakeLlmServer llm;
    PiTestRuntime pi;
    TestGateway gw;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(HelloPluginEndToEndTest::reply);
        pi = PiTestRuntime.create(llm);
        Path dir = Files.createTempDirectory("hello-plugin-e2e");
        Path hello = PluginJars.buildModule(PluginJars.HELLO, dir.resolve("plugins/hello.jar"));
        Path broken = PluginJars.build(Map.of("broken/P.java", """
                package broken;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public String name() { return "broken"; }
                    public void register(io.pigateway.plugin.GatewayPluginApi api) {
                        api.registerCommand(new io.pigateway.core.channel.ChatCommand("broken", "d", (m, s, a) -> "never"));
                        throw new IllegalStateException("missing API key");
                    }
                }
                """, SERVICE, "broken.P\n"), dir.resolve("plugins/broken.jar"));
        Path flaky = PluginJars.build(Map.of("flaky/P.java", """
                package flaky;
                import io.pigateway.core.hook.HookPoint;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public String name() { return "flaky"; }
                    public int order() { return 90; } // its hook runs before hello's
                    public void register(io.pigateway.plugin.GatewayPluginApi api) {
                        api.registerHook(HookPoint.MESSAGE_RECEIVED, c -> { throw new IllegalStateException("hook bug"); });
                        api.registerGatewayMethod("flaky.boom", p -> { throw new IllegalStateException("method bug"); });
                        api.registerTool(new io.pigateway.plugin.AgentToolSpec("flaky_tool", "Fails.", null,
                                (s, a) -> { throw new IllegalStateException("tool bug"); }));
                    }
                }
                """, SERVICE, "flaky.P\n"), dir.resolve("plugins/flaky.jar"));
        gw = TestGateway.start(pi, dir.resolve("data"), 1, 1,
                "\"plugins\": [\"" + hello + "\", \"" + broken + "\", \"" + flaky + "\"]");
    }

    /** After a tool result the answer repeats it; otherwise the default fake (echo, "call tool X {...}"). */
    static Reply reply(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            JsonNode c = last.path("content");
            return Reply.text("tool said: " + (c.isTextual() ? c.asText() : c.path(0).path("text").asText()));
        }
        return FakeLlmServer.defaultReply(request);
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        pi.close();
        llm.close();
    }

    @Test
    void theAgentCallsThePluginsToolAndAnswersWithItsResult() {
        JsonNode answer = gw.chat("call tool hello_time {\"name\":\"Ada\"}", null);

        assertThat(answer.path("_status").asInt()).isEqualTo(200);
        assertThat(answer.path("reply").asText()).isEqualTo("tool said: " + TIME + " Cheers, Ada!");
    }

    @Test
    void aFailingToolIsAToolErrorTheAgentReads() {
        JsonNode answer = gw.chat("call tool flaky_tool {}", null);

        assertThat(answer.path("reply").asText()).contains("plugin flaky: tool flaky_tool failed", "tool bug");
    }

    @Test
    void theHookRewritesTheMessageEvenThoughAnotherPluginsHookThrows() {
        JsonNode answer = gw.chat("say {{hello}}", null);

        assertThat(answer.path("reply").asText()).isEqualTo("echo: say hello from the plugin");
    }

    @Test
    void theHttpRouteAnswersWithTheTokenOnly() {
        HttpResponse<String> ok = gw.get("/plugins/hello/ping", true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"pong\":true,\"plugin\":\"hello\"}");
        assertThat(ok.headers().firstValue("Authorization")).isEmpty(); // the request's headers are not echoed

        assertThat(gw.get("/plugins/hello/ping", false).statusCode()).isEqualTo(401);
        assertThat(gw.runtime().camel().getRoute("plugin-hello-http-1")).isNotNull();
    }

    @Test
    void theWebSocketMethodAnswersAndAFailingOneIsAnErrorFrameOnTheSameConnection() throws Exception {
        try (WsTestClient ws = WsTestClient.open(gw.runtime().baseUrl(), Map.of())) {
            JsonNode connected = ws.request("connect", Map.of("token", TestGateway.TOKEN));
            assertThat(connected.path("payload").path("methods").toString()).contains("hello.ping", "flaky.boom");

            JsonNode pong = ws.request("hello.ping", Map.of("say", "hi"));
            assertThat(pong.path("ok").asBoolean()).isTrue();
            assertThat(pong.path("payload").path("pong").asBoolean()).isTrue();
            assertThat(pong.path("payload").path("echo").asText()).isEqualTo("hi");

            JsonNode boom = ws.request("flaky.boom", Map.of());
            assertThat(boom.path("ok").asBoolean()).isFalse();
            assertThat(boom.path("error").path("code").asText()).isEqualTo("plugin_error");
            assertThat(boom.path("error").path("message").asText()).contains("plugin flaky: flaky.boom failed", "method bug");

            assertThat(ws.request("nope.nothing", Map.of()).path("error").path("code").asText()).isEqualTo("unknown_method");
            assertThat(ws.request("hello.ping", Map.of()).path("ok").asBoolean()).isTrue(); // still connected
        }
    }

    @Test
    void theCommandAnswersInTheChatWithoutTheAgent() {
        int before = llm.requestCount();

        JsonNode answer = gw.chat("/hello Ada", null);

        assertThat(answer.path("reply").asText()).isEqualTo("Hello, Ada! (the hello plugin)");
        assertThat(llm.requestCount()).isEqualTo(before);
    }

    @Test
    void theFailedPluginIsLeftOutAndListedWithItsError() {
        var registrations = gw.runtime().registrations();

        assertThat(registrations.failed).containsOnlyKeys("broken");
        assertThat(registrations.failed.get("broken")).contains("missing API key");
        assertThat(registrations.commands).noneMatch(c -> c.value().name().equals("broken"));
        assertThat(registrations.summaryOf("hello")).contains("tool: hello_time", "hook: message_received",
                "http: GET /plugins/hello/ping", "ws method: hello.ping", "command: /hello", "cli: hello");
    }
}
