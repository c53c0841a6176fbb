package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.rpc.PiProcessSpec;
import io.pigateway.rpc.PiPoolSettings;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.rpc.PiRpcConstants;
import io.pigateway.rpc.PiTurnResult;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A plugin's tool seen and called by the real pi, without a gateway around it: the extension
 * written with the tool's manifest, a pool whose processes get their secrets, and the
 * {@link ToolEndpoint} on a Vert.x router. The fake LLM calls the tool with arguments its JSON
 * schema declares and then repeats the tool's result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginToolBridgeRealPiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSION = "agent:main:test:dm:1";

    FakeLlmServer llm;
    PiTestRuntime pi;
    Vertx vertx;
    ToolSecrets secrets;
    ExecutorService workers;
    CamelContext camel;
    final List<String> calls = new CopyOnWriteArrayList<>();
    int port;

    @BeforeAll
    void start() throws Exception {
        llm = new FakeLlmServer();
        llm.setResponder(PluginToolBridgeRealPiTest::reply);
        pi = PiTestRuntime.create(llm);
        AgentToolSpec greet = new AgentToolSpec("plugin_greet", "Greets someone by name.",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}"),
                (sessionKey, args) -> {
                    calls.add(sessionKey + " " + args);
                    return "greetings, " + args.get("name").asText();
                });
        AgentToolSpec failing = new AgentToolSpec("plugin_fail", "Always fails.", null, (sessionKey, args) -> {
            throw new ToolException("the plugin says no");
        });
        vertx = Vertx.vertx();
        workers = Executors.newFixedThreadPool(2);
        Router router = Router.router(vertx);
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        secrets = new ToolSecrets("http://127.0.0.1:" + port + "/api/tools");
        // the process serves SESSION whenever it asks; chats do not matter for plugin tools
        new ToolEndpoint(secrets, process -> Optional.of(SESSION), session -> Optional.empty(), null, workers)
                .withPluginTools(List.of(greet, failing)).mount(router);

        Path extension = ToolExtension.install(Files.createTempDirectory("bridge-data"), List.of(greet, failing));
        camel = new DefaultCamelContext();
        PiRpcComponent component = camel.getComponent("pi-rpc", PiRpcComponent.class);
        component.setSpec(new PiProcessSpec(pi.rpcCommand("--no-session", "--extension", extension.toString()), pi.env(),
                pi.workDir()));
        component.setSettings(new PiPoolSettings(1, 1, 60_000, 50, 30_000));
        component.setProcessListeners(secrets::forPool);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:turn").to("pi-rpc:main");
            }
        });
        camel.start();
    }

    /** "call tool X {args}" asks for the tool; after its result, the answer repeats that result. */
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
        if (camel != null) {
            camel.stop();
        }
        workers.shutdownNow();
        vertx.close();
        secrets.close();
        pi.close();
        llm.close();
    }

    String turn(String text) {
        Exchange ex = camel.createProducerTemplate().request("direct:turn", e -> {
            e.getMessage().setBody(text);
            e.getMessage().setHeader(PiRpcConstants.SESSION_KEY, SESSION);
            e.getMessage().setHeader(PiRpcConstants.SESSION_FILE, pi.sessionFile("bridge").toString());
        });
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(PiTurnResult.class).text();
    }

    @Test
    void piListsThePluginToolsAndCallsThemThroughTheBridgeForTheTurnsSession() {
        String answer = turn("call tool plugin_greet {\"name\":\"Ada\"}");

        assertThat(answer).isEqualTo("tool said: greetings, Ada");
        assertThat(calls).containsExactly(SESSION + " {\"name\":\"Ada\"}");
        // pi offered the tool to the model with the plugin's description and JSON schema
        JsonNode offered = null;
        for (JsonNode tool : llm.requests().get(0).path("tools")) {
            if ("plugin_greet".equals(tool.path("function").path("name").asText())) {
                offered = tool.path("function");
            }
        }
        assertThat(offered).isNotNull();
        assertThat(offered.path("description").asText()).isEqualTo("Greets someone by name.");
        assertThat(offered.path("parameters").path("required").get(0).asText()).isEqualTo("name");
    }

    @Test
    void aToolErrorReachesTheAgentAsTheToolsResult() {
        String answer = turn("call tool plugin_fail {}");

        assertThat(answer).contains("the plugin says no");
    }

    @Test
    void theBridgeAsksForTheProcessSecretBeforeItSaysWhichToolsExist() throws Exception {
        String url = "http://127.0.0.1:" + port + ToolEndpoint.PLUGIN_PATH + "?name=";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, Integer> post = (name, secret) -> {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + name))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
            if (secret != null) {
                request.header(ToolEndpoint.SECRET_HEADER, secret);
            }
            try {
                return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String secret = secrets.anySecretOf("main").orElseThrow();

        assertThat(post.apply("nothing_here", null)).isEqualTo(401);
        assertThat(post.apply("plugin_greet", "wrong")).isEqualTo(401);
        assertThat(post.apply("nothing_here", secret)).isEqualTo(404);
    }

    @Test
    void argumentsTheSchemaRejectsNeverReachThePlugin() {
        int before = calls.size();
        String answer = turn("call tool plugin_greet {\"nom\":\"Ada\"}");

        assertThat(calls).hasSize(before);
        assertThat(answer).contains("tool said:").contains("name");
    }
}
