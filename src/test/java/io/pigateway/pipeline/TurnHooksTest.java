package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.rpc.PiEvent;
import io.pigateway.rpc.PiEventListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** pi's tool and compaction events become hook calls with the seed's context; the rest pass untouched. */
class TurnHooksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "agent:main:api:dm:u";

    static PiEvent event(String json) {
        try {
            var node = JSON.readTree(json);
            return new PiEvent(node.path("type").asText(), node);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final PiEvent DELTA = event("""
            {"type":"message_update","assistantMessageEvent":{"type":"text_delta","delta":"hi"}}""");
    static final PiEvent TOOL_START = event("""
            {"type":"tool_execution_start","toolCallId":"c1","toolName":"bash","args":{"command":"ls"}}""");
    static final PiEvent TOOL_END = event("""
            {"type":"tool_execution_end","toolCallId":"c1","toolName":"bash",
             "result":{"content":[{"type":"text","text":"a.txt"}]},"isError":false}""");
    static final PiEvent TOOL_RESULT = event("""
            {"type":"message_end","message":{"role":"toolResult","toolCallId":"c1","toolName":"bash",
             "content":[{"type":"text","text":"a.txt"}],"isError":false}}""");
    static final PiEvent ASSISTANT_END = event("""
            {"type":"message_end","message":{"role":"assistant","content":[]}}""");
    static final PiEvent COMPACTION_START = event("""
            {"type":"compaction_start","reason":"threshold"}""");
    static final PiEvent COMPACTION_END = event("""
            {"type":"compaction_end","reason":"threshold","aborted":false,"willRetry":false}""");

    @Test
    void eachEventTypeMapsToItsHookPoint() {
        assertThat(PiHookEvents.pointOf(DELTA)).isNull();
        assertThat(PiHookEvents.pointOf(ASSISTANT_END)).isNull();
        assertThat(PiHookEvents.pointOf(TOOL_START)).isEqualTo(HookPoint.BEFORE_TOOL_CALL);
        assertThat(PiHookEvents.pointOf(TOOL_END)).isEqualTo(HookPoint.AFTER_TOOL_CALL);
        assertThat(PiHookEvents.pointOf(TOOL_RESULT)).isEqualTo(HookPoint.TOOL_RESULT_PERSIST);
        assertThat(PiHookEvents.pointOf(COMPACTION_START)).isEqualTo(HookPoint.BEFORE_COMPACTION);
        assertThat(PiHookEvents.pointOf(COMPACTION_END)).isEqualTo(HookPoint.AFTER_COMPACTION);
    }

    @Test
    void hooksSeeTheToolTheParamsAndTheResultInEventOrder() {
        HookRegistry hooks = new HookRegistry();
        List<String> order = new CopyOnWriteArrayList<>();
        List<HookContext> seen = new CopyOnWriteArrayList<>();
        for (HookPoint point : HookPoint.values()) {
            hooks.register(point, c -> {
                order.add(point.id());
                seen.add(c);
            });
        }
        List<String> forwarded = new CopyOnWriteArrayList<>();
        PiEventListener listener = new TurnHooks(hooks).around(KEY, e -> forwarded.add(e.type()));

        for (PiEvent e : List.of(DELTA, TOOL_START, TOOL_END, TOOL_RESULT, ASSISTANT_END, COMPACTION_START,
                COMPACTION_END)) {
            listener.onEvent(e);
        }

        assertThat(forwarded).hasSize(7);
        assertThat(order).containsExactly("before_tool_call", "after_tool_call", "tool_result_persist",
                "before_compaction", "after_compaction");
        assertThat(seen).allSatisfy(c -> assertThat(c.sessionKey()).isEqualTo(KEY));
        assertThat(seen.get(0).asMap()).containsEntry("tool", "bash").containsEntry("toolCallId", "c1")
                .containsEntry("params", Map.of("command", "ls"));
        assertThat(seen.get(1).asMap()).containsEntry("tool", "bash")
                .containsEntry("params", Map.of("command", "ls")).containsEntry("isError", false)
                .containsEntry("result", Map.of("content", List.of(Map.of("type", "text", "text", "a.txt"))));
        assertThat(seen.get(2).asMap()).containsEntry("tool", "bash")
                .containsEntry("result", List.of(Map.of("type", "text", "text", "a.txt")));
        assertThat(seen.get(3).asMap()).containsEntry("reason", "threshold");
        assertThat(seen.get(4).asMap()).containsEntry("reason", "threshold").containsEntry("aborted", false);
    }

    @Test
    void withoutHooksEventsOnlyReachTheTurnsListener() {
        HookRegistry hooks = new HookRegistry();
        List<String> forwarded = new CopyOnWriteArrayList<>();
        PiEventListener listener = new TurnHooks(hooks).around(KEY, e -> forwarded.add(e.type()));
        listener.onEvent(TOOL_START);
        listener.onEvent(TOOL_END);
        assertThat(forwarded).containsExactly("tool_execution_start", "tool_execution_end");
    }

    @Test
    void aFailingHookDoesNotStopTheNextOnes() {
        HookRegistry hooks = new HookRegistry();
        List<String> order = new CopyOnWriteArrayList<>();
        hooks.register(HookPoint.BEFORE_TOOL_CALL, c -> {
            throw new IllegalStateException("boom");
        });
        hooks.register(HookPoint.AFTER_TOOL_CALL, c -> order.add("after"));
        PiEventListener listener = new TurnHooks(hooks).around(KEY, e -> { });
        listener.onEvent(TOOL_START);
        listener.onEvent(TOOL_END);
        assertThat(order).containsExactly("after");
    }

    @Test
    void pointsFiredElsewhereAreLeftOutButTheParamsStillReachAfterToolCall() {
        HookRegistry hooks = new HookRegistry();
        List<String> order = new CopyOnWriteArrayList<>();
        List<HookContext> seen = new CopyOnWriteArrayList<>();
        for (HookPoint point : HookPoint.values()) {
            hooks.register(point, c -> {
                order.add(point.id());
                seen.add(c);
            });
        }
        PiEventListener listener = new TurnHooks(hooks, Set.of(HookPoint.BEFORE_TOOL_CALL,
                HookPoint.TOOL_RESULT_PERSIST)).around(KEY, e -> { });
        for (PiEvent e : List.of(TOOL_START, TOOL_END, TOOL_RESULT)) {
            listener.onEvent(e);
        }
        assertThat(order).containsExactly("after_tool_call");
        assertThat(seen.get(0).asMap()).containsEntry("params", Map.of("command", "ls"));
    }
}
