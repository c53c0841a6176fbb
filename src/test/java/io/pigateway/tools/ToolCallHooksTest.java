package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the pi extension hears back from the tool hooks: block, new params, new result, or no change. */
class ToolCallHooksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "agent:main:api:dm:u";

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static final String CALL = """
            {"toolName":"bash","toolCallId":"c1","input":{"command":"rm -rf /"}}""";
    static final String RESULT = """
            {"toolName":"bash","toolCallId":"c1","input":{"command":"ls"},
             "content":[{"type":"text","text":"secret.txt"}],"isError":false}""";

    @Test
    void withoutHooksNothingChanges() throws Exception {
        ToolCallHooks hooks = new ToolCallHooks(new HookRegistry());
        assertThat(hooks.has(HookPoint.BEFORE_TOOL_CALL)).isFalse();
        assertThat(hooks.run(HookPoint.BEFORE_TOOL_CALL, KEY, json(CALL))).isEmpty();
        assertThat(hooks.run(HookPoint.TOOL_RESULT_PERSIST, KEY, json(RESULT))).isEmpty();
    }

    @Test
    void aBeforeToolCallHookSeesTheCallAndMayBlockIt() throws Exception {
        HookRegistry registry = new HookRegistry();
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        registry.register(HookPoint.BEFORE_TOOL_CALL, c -> {
            seen.add(c.asMap());
            if (String.valueOf(c.get(HookContext.PARAMS)).contains("rm -rf")) {
                c.put(HookContext.REASON, "no deleting");
                c.cancel();
            }
        });
        JsonNode answer = new ToolCallHooks(registry).run(HookPoint.BEFORE_TOOL_CALL, KEY, json(CALL));

        assertThat(answer).isEqualTo(json("{\"block\":true,\"reason\":\"no deleting\"}"));
        assertThat(seen.get(0)).containsEntry("sessionKey", KEY).containsEntry("tool", "bash")
                .containsEntry("toolCallId", "c1").containsEntry("params", Map.of("command", "rm -rf /"));
    }

    @Test
    void aBeforeToolCallHookMayRewriteTheParams() throws Exception {
        HookRegistry registry = new HookRegistry();
        registry.register(HookPoint.BEFORE_TOOL_CALL, c -> c.put(HookContext.PARAMS, Map.of("command", "echo safe")));
        assertThat(new ToolCallHooks(registry).run(HookPoint.BEFORE_TOOL_CALL, KEY, json(CALL)))
                .isEqualTo(json("{\"params\":{\"command\":\"echo safe\"}}"));
    }

    @Test
    void aToolResultPersistHookMayRewriteTheStoredResult() throws Exception {
        HookRegistry registry = new HookRegistry();
        List<Object> results = new CopyOnWriteArrayList<>();
        registry.register(HookPoint.TOOL_RESULT_PERSIST, c -> {
            results.add(c.get(HookContext.RESULT));
            c.put(HookContext.RESULT, List.of(Map.of("type", "text", "text", "[redacted]")));
        });
        assertThat(new ToolCallHooks(registry).run(HookPoint.TOOL_RESULT_PERSIST, KEY, json(RESULT)))
                .isEqualTo(json("{\"content\":[{\"type\":\"text\",\"text\":\"[redacted]\"}]}"));
        assertThat(results).containsExactly(List.of(Map.of("type", "text", "text", "secret.txt")));
    }

    @Test
    void onlyItsOwnPointsRunHere() throws Exception {
        HookRegistry registry = new HookRegistry();
        registry.register(HookPoint.AFTER_TOOL_CALL, HookContext::cancel);
        assertThat(new ToolCallHooks(registry).run(HookPoint.AFTER_TOOL_CALL, KEY, json(CALL))).isEmpty();
    }
}
