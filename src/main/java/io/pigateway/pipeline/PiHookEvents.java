package io.pigateway.pipeline;

import static io.pigateway.core.hook.HookContext.IS_ERROR;
import static io.pigateway.core.hook.HookContext.PARAMS;
import static io.pigateway.core.hook.HookContext.REASON;
import static io.pigateway.core.hook.HookContext.RESULT;
import static io.pigateway.core.hook.HookContext.TOOL;
import static io.pigateway.core.hook.HookContext.TOOL_CALL_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.rpc.PiEvent;

/**
 * Which hook point one of pi's RPC events is, and the context that hook sees: the pure mapping
 * behind {@link TurnHooks}. pi's events become plain maps, lists and strings here, so a YAML hook
 * route can read {@code ${body[params][command]}}.
 *
 * <table>
 *   <tr><th>pi event</th><th>hook point</th><th>context</th></tr>
 *   <tr><td>{@code tool_execution_start}</td><td>{@code before_tool_call}</td>
 *       <td>sessionKey, tool, toolCallId, params</td></tr>
 *   <tr><td>{@code tool_execution_end}</td><td>{@code after_tool_call}</td>
 *       <td>sessionKey, tool, toolCallId, params, result, isError</td></tr>
 *   <tr><td>{@code message_end} of role {@code toolResult}</td><td>{@code tool_result_persist}</td>
 *       <td>sessionKey, tool, toolCallId, result, isError</td></tr>
 *   <tr><td>{@code compaction_start}</td><td>{@code before_compaction}</td><td>sessionKey, reason</td></tr>
 *   <tr><td>{@code compaction_end}</td><td>{@code after_compaction}</td>
 *       <td>sessionKey, reason, aborted, willRetry</td></tr>
 * </table>
 */
public final class PiHookEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PiHookEvents() {
    }

    /**
     * The hook point of an event, or null for the rest (deltas above all: this runs for every event
     * of every turn, so it only compares the type and allocates nothing).
     */
    public static HookPoint pointOf(PiEvent event) {
        return switch (event.type()) {
            case "tool_execution_start" -> HookPoint.BEFORE_TOOL_CALL;
            case "tool_execution_end" -> HookPoint.AFTER_TOOL_CALL;
            case "message_end" -> "toolResult".equals(event.json().path("message").path("role").asText())
                    ? HookPoint.TOOL_RESULT_PERSIST : null;
            case "compaction_start" -> HookPoint.BEFORE_COMPACTION;
            case "compaction_end" -> HookPoint.AFTER_COMPACTION;
            default -> null;
        };
    }

    /**
     * The context of {@code point} (as {@link #pointOf} gave it) for this event. {@code params} are
     * the tool call's arguments, which pi sends only with {@code tool_execution_start}: pass them
     * again for {@code after_tool_call} (null if unknown).
     */
    public static HookContext context(HookPoint point, String sessionKey, PiEvent event, JsonNode params) {
        JsonNode json = event.json();
        HookContext context = new HookContext().put(HookContext.SESSION_KEY, sessionKey);
        switch (point) {
            case BEFORE_TOOL_CALL -> tool(context, json).put(PARAMS, plain(json.get("args")));
            case AFTER_TOOL_CALL -> tool(context, json).put(PARAMS, plain(params))
                    .put(RESULT, plain(json.get("result")))
                    .put(IS_ERROR, json.path("isError").asBoolean(false));
            case TOOL_RESULT_PERSIST -> {
                JsonNode message = json.path("message");
                tool(context, message).put(RESULT, plain(message.get("content")))
                        .put(IS_ERROR, message.path("isError").asBoolean(false));
            }
            case BEFORE_COMPACTION -> context.put(REASON, json.path("reason").asText(null));
            case AFTER_COMPACTION -> context.put(REASON, json.path("reason").asText(null))
                    .put("aborted", json.path("aborted").asBoolean(false))
                    .put("willRetry", json.path("willRetry").asBoolean(false));
            default -> throw new IllegalArgumentException(point.id() + " is not fired from pi's events");
        }
        return context;
    }

    private static HookContext tool(HookContext context, JsonNode source) {
        return context.put(TOOL, source.path("toolName").asText(null))
                .put(TOOL_CALL_ID, source.path("toolCallId").asText(null));
    }

    /** JSON as maps, lists, strings, numbers and booleans (null stays null). */
    static Object plain(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : JSON.convertValue(node, Object.class);
    }
}
