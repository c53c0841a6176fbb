package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model failover with the real pi 0.73.1 and a fake LLM whose model ids fail on demand: pool
 * {@code main} runs fake-echo, {@code main@fake/fake-backup} and {@code main@fake/fake-third} the
 * fallbacks (processes spawn on first use). pi retries twice itself (PiTestRuntime settings), so a
 * failing model costs three requests before the gateway moves on.
 */
class ModelFailoverRealPiTest {
    private static final String PRIMARY = "fake/" + PiTestRuntime.MODEL;
    private static final String BACKUP = "fake/" + PiTestRuntime.BACKUP_MODEL;
    private static final String THIRD = "fake/" + PiTestRuntime.THIRD_MODEL;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLlmServer llm;
    private PiTestRuntime runtime;
    private CamelContext camel;
    private ProducerTemplate template;
    private PiRpcComponent component;
    private static final long COOLDOWN_MS = 60_000;
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    @BeforeEach
    void start() throws Exception {
        llm = new FakeLlmServer();
        runtime = PiTestRuntime.create(llm);
        camel = new DefaultCamelContext();
        component = camel.getComponent("pi-rpc", PiRpcComponent.class);
        PiProcessSpec spec = new PiProcessSpec(runtime.rpcCommand("--no-session"), runtime.env(), runtime.workDir());
        component.setSettings(new PiPoolSettings(1, 1, 60_000, 50, 30_000));
        component.setSpec(spec);
        List<ModelChain.Link> links = new ArrayList<>(List.of(new ModelChain.Link(PRIMARY, "main")));
        for (String model : List.of(BACKUP, THIRD)) {
            String pool = ModelChain.fallbackPool("main", model);
            component.configurePool(pool, spec.withCommand(PiCommandLine.withModel(spec.command(), model)),
                    s -> s.withMin(0));
            links.add(new ModelChain.Link(model, pool));
        }
        component.setModelHealth(new ModelHealth(clock::get)); // cooldowns end when the test says so
        component.configureFailover("main", new ModelChain(links, 0, COOLDOWN_MS));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:turn").to("pi-rpc:main");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        runtime.close();
        llm.close();
    }

    private PiTurnResult turn(String key, String text) {
        Exchange ex = template.request("direct:turn", e -> {
            e.getMessage().setBody(text);
            e.getMessage().setHeader(PiRpcConstants.SESSION_KEY, key);
            e.getMessage().setHeader(PiRpcConstants.SESSION_FILE, runtime.sessionFile(key).toString());
        });
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(PiTurnResult.class);
    }

    /** The session file's messages as "role: text" (errors as "error: <message>"). */
    private List<String> transcript(String key) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runtime.sessionFile(key))) {
            JsonNode entry = JSON.readTree(line);
            JsonNode m = entry.path("message");
            if (!"message".equals(entry.path("type").asText())) {
                continue;
            }
            out.add("error".equals(m.path("stopReason").asText()) ? "error: " + m.path("errorMessage").asText()
                    : m.path("role").asText() + ": " + PiProtocol.messageText(m));
        }
        return out;
    }

    @Test
    void aRateLimitedModelFailsOverWithinTheTurnAndTheHistoryHasTheMessageOnce() throws Exception {
        llm.failModel(PiTestRuntime.MODEL, 429);

        PiTurnResult r = turn("f1", "hello");

        assertThat(r.failed()).isFalse();
        assertThat(r.text()).isEqualTo("echo: hello");
        assertThat(r.model()).isEqualTo(BACKUP);
        assertThat(llm.requestedModels()).containsExactly(PiTestRuntime.MODEL, PiTestRuntime.MODEL,
                PiTestRuntime.MODEL, PiTestRuntime.BACKUP_MODEL);
        assertThat(transcript("f1")).containsExactly("user: hello", "assistant: echo: hello");
        Map<String, Object> primary = health(PRIMARY);
        assertThat(primary).containsEntry("state", "cooling").containsEntry("failovers", 1L).containsKey("until");
        assertThat(health(BACKUP)).containsEntry("state", "ok").containsEntry("answers", 1L);
    }

    @Test
    void aCoolingModelIsSkippedForEverySessionThenTriedAgain() throws Exception {
        llm.failModel(PiTestRuntime.MODEL, 500);
        turn("c1", "first");
        llm.heal(PiTestRuntime.MODEL);
        llm.clearRequests();

        PiTurnResult skipped = turn("c2", "second"); // another session, primary still cooling down

        assertThat(skipped.model()).isEqualTo(BACKUP);
        assertThat(llm.requestedModels()).containsExactly(PiTestRuntime.BACKUP_MODEL);

        clock.addAndGet(COOLDOWN_MS); // the cooldown is over
        assertThat(component.modelHealth().available(PRIMARY)).isTrue();
        llm.clearRequests();
        PiTurnResult back = turn("c2", "third");
        assertThat(back.model()).isEqualTo(PRIMARY);
        assertThat(llm.requestedModels()).containsExactly(PiTestRuntime.MODEL);
    }

    @Test
    void errorsThatAreNotTheProvidersDoNotFailOver() throws Exception {
        llm.failModel(PiTestRuntime.MODEL, 400);

        PiTurnResult r = turn("n1", "bad request");

        assertThat(r.failed()).isTrue();
        assertThat(r.errorMessage()).contains("400");
        assertThat(llm.requestedModels()).containsOnly(PiTestRuntime.MODEL);
        assertThat(health(PRIMARY)).containsEntry("state", "ok");
    }

    @Test
    void historyStaysOneAcrossModelsAndAnOverloadedFallbackPassesToTheNext() throws Exception {
        assertThat(turn("h1", "one").model()).isEqualTo(PRIMARY);
        llm.failModel(PiTestRuntime.MODEL, 500);
        llm.failModel(PiTestRuntime.BACKUP_MODEL, 529);

        PiTurnResult two = turn("h1", "two");

        assertThat(two.model()).isEqualTo(THIRD);
        assertThat(two.text()).isEqualTo("echo: two");
        llm.heal(PiTestRuntime.MODEL);
        clock.addAndGet(COOLDOWN_MS);
        llm.clearRequests();
        // the primary's process still holds the session from turn one: it must load the turn the
        // fallback answered, and the LLM must see each user message once
        assertThat(turn("h1", "three").model()).isEqualTo(PRIMARY);
        JsonNode request = llm.requests().get(0);
        List<String> seen = new ArrayList<>();
        request.path("messages").forEach(m -> seen.add(m.path("role").asText() + ": " + text(m.path("content"))));
        assertThat(seen.stream().filter(s -> !s.startsWith("system")).toList()).containsExactly(
                "user: one", "assistant: echo: one", "user: two", "assistant: echo: two", "user: three");
        assertThat(transcript("h1")).containsExactly("user: one", "assistant: echo: one", "user: two",
                "assistant: echo: two", "user: three", "assistant: echo: three");
    }

    @Test
    void whenEveryModelFailsTheUserGetsTheLastError() {
        llm.failModel(PiTestRuntime.MODEL, 429);
        llm.failModel(PiTestRuntime.BACKUP_MODEL, 429);
        llm.failModel(PiTestRuntime.THIRD_MODEL, 503);

        PiTurnResult r = turn("all", "anyone?");

        assertThat(r.failed()).isTrue();
        assertThat(r.errorMessage()).contains("503");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health(String model) {
        return (Map<String, Object>) component.modelHealth().report().get(model);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(p -> sb.append(p.path("text").asText()));
        return sb.toString();
    }
}
