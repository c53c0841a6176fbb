package io.pigateway.pipeline;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static io.pigateway.testing.FakeTelegramServer.withCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All 14 hook points fire in a real gateway: a YAML route per point ({@code direct:hook-<point>})
 * records each context. Telegram DM → real pi → fake LLM asking for the {@code session_status} tool
 * → answer back through {@code direct:outbound}; pi's compaction is set to run after every turn
 * (a threshold of a few tokens), {@code /new} ends the session and closing the gateway stops it.
 */
class AllHooksEndToEndTest {
    static final String BOT = "100:HOOKS";
    static final String KEY = "agent:main:telegram:dm:42";
    static final Duration WAIT = Duration.ofSeconds(60);

    /** What the hook routes saw, by hook point id (a static: the YAML routes reach it as a bean type). */
    static final Map<String, List<Map<String, Object>>> SEEN = new ConcurrentHashMap<>();

    /**
     * The bean every hook route calls: records the context and returns it, changed where a hook may
     * change what pi does (a call with a {@code block} argument is cancelled, a tool result rewritten).
     */
    public static final class Recorder {
        public Map<String, Object> record(Exchange exchange) {
            String point = exchange.getMessage().getHeader(GatewayHeaders.HOOK, String.class);
            Map<?, ?> context = exchange.getMessage().getBody(Map.class);
            Map<String, Object> copy = new LinkedHashMap<>();
            context.forEach((k, v) -> copy.put(String.valueOf(k), v));
            SEEN.computeIfAbsent(point, p -> new CopyOnWriteArrayList<>()).add(Collections.unmodifiableMap(new LinkedHashMap<>(copy)));
            if ("before_tool_call".equals(point) && copy.get("params") instanceof Map<?, ?> p && p.containsKey("block")) {
                copy.put("cancel", true);
                copy.put("reason", "blocked by the test hook");
            } else if ("tool_result_persist".equals(point)) {
                copy.put("result", List.of(Map.of("type", "text", "text", "rewritten by a hook")));
            }
            return copy;
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void everyHookPointFiresWithItsContext() throws Exception {
        SEEN.clear();
        try (FakeLlmServer llm = new FakeLlmServer();
             PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer()) {
            // compaction after every turn: the context (a few tokens) exceeds contextWindow - reserveTokens
            Files.writeString(pi.agentDir().resolve("settings.json"), """
                    {"retry":{"enabled":true,"maxRetries":2,"baseDelayMs":100,"provider":{"maxRetries":0}},
                     "compaction":{"enabled":true,"reserveTokens":127995,"keepRecentTokens":1}}""");
            Path routes = Files.createDirectories(dataDir.resolve("routes"));
            Files.writeString(routes.resolve("recorders.yaml"), recorderRoutes());
            // no sandbox: under bwrap pi cannot take its settings.json lock (read-only agent dir) and
            // ignores the file, compaction settings included
            TestGateway gw = TestGateway.start(pi, dataDir.resolve("data"), 1, 1, "\"routesDir\": \"" + routes + "\",",
                    "\"sandbox\": \"none\",", """
                            "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s",
                              "dmPolicy": "open", "streamingMode": "off" } }
                            """.formatted(telegram.baseUrl(), BOT));
            try {
                assertThat(gw.runtime().pi().getPool("main")).as("warmed up at start").isNotNull();
                telegram.addMessage(BOT, privateText(42, "call tool session_status {}"));
                await().atMost(WAIT).until(() -> texts(telegram).contains("done"));
                await().atMost(WAIT).until(() -> SEEN.containsKey("after_compaction"));
                telegram.addMessage(BOT, privateText(42, "call tool session_status {\"block\":\"yes\"}"));
                await().atMost(WAIT).until(() -> texts(telegram).stream().filter("done"::equals).count() == 2);
                telegram.addMessage(BOT, withCommand(privateText(42, "/new")));
                await().atMost(WAIT).until(() -> SEEN.containsKey("session_end"));
            } finally {
                gw.close();
            }
            assertThat(toolResultsSeenByTheModel(llm)).as("hooks changed what pi did")
                    .anySatisfy(text -> assertThat(text).contains("rewritten by a hook"))
                    .anySatisfy(text -> assertThat(text).contains("blocked by the test hook"));
        }

        assertThat(SEEN.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(HookPoint.values()).map(HookPoint::id).toList());
        for (String point : List.of("message_received", "message_sending", "message_sent")) {
            assertThat(first(point)).as(point).containsEntry("sessionKey", KEY).containsEntry("channel", "telegram")
                    .containsKey("text");
        }
        assertThat(first("message_received")).containsEntry("text", "call tool session_status {}");
        assertThat(SEEN.get("message_sent")).anySatisfy(c -> assertThat(c).containsEntry("text", "done"));
        assertThat(first("before_agent_start")).containsEntry("sessionKey", KEY);
        assertThat(first("agent_end")).containsEntry("sessionKey", KEY).containsKey("result");
        assertThat(first("session_start")).containsEntry("sessionKey", KEY).containsEntry("channel", "telegram");
        assertThat(first("session_end")).containsEntry("sessionKey", KEY).containsEntry("reason", "reset");
        assertThat(first("before_tool_call")).containsEntry("sessionKey", KEY).containsEntry("tool", "session_status")
                .containsEntry("params", Map.of()).containsKey("toolCallId");
        assertThat(first("after_tool_call")).containsEntry("sessionKey", KEY).containsEntry("tool", "session_status")
                .containsEntry("params", Map.of()).containsEntry("isError", false).containsKey("result");
        assertThat(first("tool_result_persist")).containsEntry("sessionKey", KEY)
                .containsEntry("tool", "session_status").containsKey("result");
        assertThat(first("before_compaction")).containsEntry("sessionKey", KEY).containsEntry("reason", "threshold");
        assertThat(first("after_compaction")).containsEntry("sessionKey", KEY).containsEntry("reason", "threshold")
                .containsEntry("aborted", false);
        assertThat(SEEN.get("gateway_start")).hasSize(1);
        assertThat(SEEN.get("gateway_stop")).hasSize(1);
    }

    /** The tool results in the fake LLM's requests (what pi stored and sent back to the model). */
    static List<String> toolResultsSeenByTheModel(FakeLlmServer llm) {
        return llm.requests().stream().flatMap(r -> StreamSupport.stream(
                        r.path("messages").spliterator(), false))
                .filter(m -> "tool".equals(m.path("role").asText())).map(m -> m.path("content").toString())
                .toList();
    }

    static Map<String, Object> first(String point) {
        return SEEN.get(point).get(0);
    }

    static List<String> texts(FakeTelegramServer telegram) {
        return telegram.messagesIn("42").stream().map(FakeTelegramServer.Sent::text).toList();
    }

    /** One recording route per hook point. */
    static String recorderRoutes() {
        return Arrays.stream(HookPoint.values()).map(point -> """
                - route:
                    id: record-%1$s
                    from:
                      uri: direct:hook-%1$s
                      steps:
                        - bean:
                            beanType: %2$s
                            method: record
                """.formatted(point.id(), Recorder.class.getName())).collect(Collectors.joining());
    }
}
