package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pi 0.73.1 against {@link FakeLlmServer}, through a CamelContext with
 * {@code to("pi-rpc:main")}. Keeps real-pi spawns low (about 1.5 s of CPU each): one pool of
 * max=1 serves all tests; only the crash and restart tests spawn more.
 */
class PiRpcRealPiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static FakeLlmServer llm;
    private static PiTestRuntime runtime;
    private static CamelContext camel;
    private static ProducerTemplate template;

    @BeforeAll
    static void startCamel() throws Exception {
        llm = new FakeLlmServer();
        runtime = PiTestRuntime.create(llm);
        camel = newContext();
        template = camel.createProducerTemplate();
    }

    private static CamelContext newContext() throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        PiRpcComponent component = ctx.getComponent("pi-rpc", PiRpcComponent.class); // via META-INF/services
        component.setSpec(new PiProcessSpec(runtime.rpcCommand("--no-session"), runtime.env(), runtime.workDir()));
        component.setSettings(new PiPoolSettings(1, 1, 60_000, 50, 30_000));
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:turn").to("pi-rpc:main");
            }
        });
        ctx.start();
        return ctx;
    }

    @AfterAll
    static void stop() {
        if (camel != null) {
            camel.stop();
        }
        runtime.close();
        llm.close();
    }

    private static PiPool pool() {
        return camel.getComponent("pi-rpc", PiRpcComponent.class).getPool("main");
    }

    private static Exchange turn(ProducerTemplate t, String key, String text, PiEventListener listener) {
        return t.request("direct:turn", ex -> {
            ex.getMessage().setBody(text);
            ex.getMessage().setHeader(PiRpcConstants.SESSION_KEY, key);
            ex.getMessage().setHeader(PiRpcConstants.SESSION_FILE, runtime.sessionFile(key).toString());
            if (listener != null) {
                ex.getMessage().setHeader(PiRpcConstants.LISTENER, listener);
            }
        });
    }

    private static PiTurnResult ok(Exchange ex) {
        assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(PiTurnResult.class);
    }

    @Test
    void promptRoundTripStreamsDeltasToTheListener() {
        List<String> deltas = new CopyOnWriteArrayList<>();
        PiTurnResult r = ok(turn(template, "rt", "hello world", e -> {
            if (e.textDelta() != null) {
                deltas.add(e.textDelta());
            }
        }));
        assertThat(r.text()).isEqualTo("echo: hello world");
        assertThat(r.stopReason()).isEqualTo("stop");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo("echo: hello world");
        assertThat(SessionHistory.recent(runtime.sessionFile("rt"), 10))
                .extracting(SessionHistory.Message::text).containsExactly("hello world", "echo: hello world");
    }

    @Test
    void twoSessionsOnOneProcessKeepSeparateHistories() {
        ok(turn(template, "alice", "alice-secret-1", null));
        ok(turn(template, "bob", "bob-hello", null));
        JsonNode bobRequest = last(llm.requests(), "bob-hello");
        assertThat(FakeLlmServer.allText(bobRequest)).doesNotContain("alice-secret-1");
        ok(turn(template, "alice", "alice-again", null));
        assertThat(FakeLlmServer.allText(last(llm.requests(), "alice-again")))
                .contains("alice-secret-1").doesNotContain("bob-hello");
        assertThat(pool().stats().processes()).isEqualTo(1);
    }

    @Test
    void retriedRunIsOneTurnWithTheFinalAnswer() {
        AtomicInteger calls = new AtomicInteger();
        llm.setResponder(req -> FakeLlmServer.lastUserText(req).equals("flaky") && calls.getAndIncrement() == 0
                ? FakeLlmServer.Reply.error(500) : FakeLlmServer.defaultReply(req));
        try {
            List<String> types = new CopyOnWriteArrayList<>();
            PiTurnResult r = ok(turn(template, "flaky", "flaky", e -> types.add(e.type())));
            assertThat(r.text()).isEqualTo("echo: flaky");
            assertThat(types).containsSubsequence("agent_end", "auto_retry_start", "agent_start", "agent_end");
        } finally {
            llm.setResponder(null);
        }
    }

    @Test
    void sigkillMidTurnFailsWithPiCrashedAndTheNextPromptIsAnswered() {
        llm.setResponder(req -> FakeLlmServer.lastUserText(req).equals("hang")
                ? FakeLlmServer.Reply.text("never").delayed(20_000) : FakeLlmServer.defaultReply(req));
        try {
            ok(turn(template, "victim", "warm up", null));
            long pid = pool().pids().get(0);
            ProducerTemplate async = camel.createProducerTemplate();
            var pending = async.asyncSend("direct:turn", ex -> {
                ex.getMessage().setBody("hang");
                ex.getMessage().setHeader(PiRpcConstants.SESSION_KEY, "victim");
                ex.getMessage().setHeader(PiRpcConstants.SESSION_FILE, runtime.sessionFile("victim").toString());
            });
            await().atMost(WAIT).until(() -> llm.requests().stream().anyMatch(r -> FakeLlmServer.lastUserText(r).equals("hang")));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Exchange failed = pending.join();
            assertThat(failed.getException()).isInstanceOf(PiRpcException.class);
            assertThat(((PiRpcException) failed.getException()).code()).isEqualTo("pi_crashed");
            assertThat(ok(turn(template, "victim", "after crash", null)).text()).isEqualTo("echo: after crash");
            assertThat(pool().stats().restarts()).isGreaterThanOrEqualTo(1);
        } finally {
            llm.setResponder(null);
        }
    }

    @Test
    void historySurvivesAPoolRestart() throws Exception {
        ok(turn(template, "durable", "remember-42", null));
        CamelContext second = newContext(); // a new pool, new pi process, same session file
        try {
            ok(turn(second.createProducerTemplate(), "durable", "what was it", null));
            assertThat(FakeLlmServer.allText(last(llm.requests(), "what was it"))).contains("remember-42");
        } finally {
            second.stop();
        }
    }

    @Test
    void statsActionReturnsSessionStatsAndState() {
        ok(turn(template, "stats", "count me", null));
        Exchange ex = template.request("pi-rpc:main", e -> {
            e.getMessage().setHeader(PiRpcConstants.ACTION, PiAction.STATS.name());
            e.getMessage().setHeader(PiRpcConstants.SESSION_KEY, "stats");
            e.getMessage().setHeader(PiRpcConstants.SESSION_FILE, runtime.sessionFile("stats").toString());
        });
        assertThat(ex.getException()).isNull();
        JsonNode body = ex.getMessage().getBody(JsonNode.class);
        assertThat(body.path("stats").path("userMessages").asInt()).isEqualTo(1);
        assertThat(body.path("state").path("sessionFile").asText()).isEqualTo(runtime.sessionFile("stats").toString());
    }

    @Test
    void steerWithoutARunningTurnFailsNoActiveTurn() {
        Exchange ex = template.request("pi-rpc:main", e -> {
            e.getMessage().setBody("late");
            e.getMessage().setHeaders(Map.of(PiRpcConstants.ACTION, "steer", PiRpcConstants.SESSION_KEY, "idle"));
        });
        assertThat(ex.getException()).isInstanceOf(PiRpcException.class);
        assertThat(((PiRpcException) ex.getException()).code()).isEqualTo("no_active_turn");
    }

    private static JsonNode last(List<JsonNode> requests, String userText) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (FakeLlmServer.lastUserText(requests.get(i)).equals(userText)) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no LLM request for " + userText);
    }
}
