package io.pigateway.tools;

import static io.pigateway.core.hook.HookContext.IS_ERROR;
import static io.pigateway.core.hook.HookContext.PARAMS;
import static io.pigateway.core.hook.HookContext.REASON;
import static io.pigateway.core.hook.HookContext.RESULT;
import static io.pigateway.core.hook.HookContext.TOOL;
import static io.pigateway.core.hook.HookContext.TOOL_CALL_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import java.util.Objects;
import java.util.Set;

/**
 * The tool hooks that can change what pi does, asked by the gateway's pi extension while pi runs a
 * tool (its {@code tool_call} and {@code tool_result} events, which wait for the answer):
 * {@code before_tool_call} may rewrite {@code params} or cancel the call (pi reports the tool as
 * blocked, with the hook's {@code reason}); {@code tool_result_persist} may replace {@code result}
 * (the content list) or {@code isError} before pi stores the result in the session. The answer is
 * a JSON object for the extension, {@code {}} when nothing changes.
 */
public final class ToolCallHooks {
    /** The points fired here (and so not again from pi's event stream). */
    public static final Set<HookPoint> POINTS = Set.of(HookPoint.BEFORE_TOOL_CALL, HookPoint.TOOL_RESULT_PERSIST);
    static final String DEFAULT_BLOCK_REASON = "blocked by a before_tool_call hook of the gateway";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HookRegistry hooks;

    public ToolCallHooks(HookRegistry hooks) {
        this.hooks = hooks;
    }

    /** Whether anything would run at {@code point}: without, the extension's call is answered at once. */
    public boolean has(HookPoint point) {
        return hooks.hasAny(point);
    }

    /**
     * Runs {@code point} for the call the extension describes ({@code toolName}, {@code toolCallId},
     * {@code input}, and for results {@code content} and {@code isError}) of session {@code sessionKey}.
     */
    public ObjectNode run(HookPoint point, String sessionKey, JsonNode call) {
        ObjectNode answer = JSON.createObjectNode();
        if (!POINTS.contains(point) || !hooks.hasAny(point)) {
            return answer;
        }
        Object params = plain(call.get("input"));
        HookContext context = new HookContext().put(HookContext.SESSION_KEY, sessionKey)
                .put(TOOL, call.path("toolName").asText(null)).put(TOOL_CALL_ID, call.path("toolCallId").asText(null))
                .put(PARAMS, params);
        if (point == HookPoint.BEFORE_TOOL_CALL) {
            hooks.run(point, context);
            if (context.isCancelled()) {
                Object reason = context.get(REASON);
                return answer.put("block", true).put("reason", reason != null ? reason.toString() : DEFAULT_BLOCK_REASON);
            }
            if (!Objects.equals(params, context.get(PARAMS)) && context.get(PARAMS) != null) {
                answer.set("params", JSON.valueToTree(context.get(PARAMS)));
            }
            return answer;
        }
        Object result = plain(call.get("content"));
        boolean isError = call.path("isError").asBoolean(false);
        hooks.run(point, context.put(RESULT, result).put(IS_ERROR, isError));
        if (!Objects.equals(result, context.get(RESULT)) && context.get(RESULT) != null) {
            answer.set("content", JSON.valueToTree(context.get(RESULT)));
        }
        if (context.get(IS_ERROR) instanceof Boolean changed && changed != isError) {
            answer.put("isError", changed);
        }
        return answer;
    }

    private static Object plain(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : JSON.convertValue(node, Object.class);
    }
}
