package io.pigateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.rpc.PiEvent;
import io.pigateway.rpc.PiEventListener;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;

/**
 * Fires the hooks that come from pi's event stream ({@code before_tool_call}, {@code after_tool_call},
 * {@code tool_result_persist}, {@code before_compaction}, {@code after_compaction}) for whatever
 * channel a turn came from: the turn runner wraps each turn's event listener with {@link #around}.
 * See {@link PiHookEvents} for the mapping and the contexts.
 *
 * <p>Observe-only: pi has already decided to run the tool when it reports it, so a hook fired here
 * cannot change or cancel it. Where the gateway's pi extension asks the hooks that can (see
 * {@code tools.ToolCallHooks}), those points are left out here so nothing fires twice. Hooks may block (a YAML route calling out), so they run on this class's
 * threads in event order per turn, never on pi's reader thread; an event with no hook costs one
 * type comparison and no allocation.
 */
public final class TurnHooks {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final HookRegistry hooks;
    private final Set<HookPoint> firedElsewhere;
    private volatile Executor executor = Runnable::run;

    /** Fires every point that comes from pi's events. */
    public TurnHooks(HookRegistry hooks) {
        this(hooks, Set.of());
    }

    /** @param firedElsewhere points another part fires for the same tool calls (the pi extension) */
    public TurnHooks(HookRegistry hooks, Set<HookPoint> firedElsewhere) {
        this.hooks = hooks;
        this.firedElsewhere = firedElsewhere.isEmpty() ? EnumSet.noneOf(HookPoint.class) : EnumSet.copyOf(firedElsewhere);
    }

    /** Runs hooks on a small pool of the context (stopped with it); until then they run inline. */
    public void attach(CamelContext camel) {
        ExecutorService pool = camel.getExecutorServiceManager().newThreadPool(this, "turn-hooks", 1, 4);
        executor = pool;
    }

    /** {@code listener}, plus the hooks of the session's turn. */
    public PiEventListener around(String sessionKey, PiEventListener listener) {
        return new Tap(sessionKey, listener);
    }

    /** One turn's events: used on that turn's reader thread only. */
    private final class Tap implements PiEventListener {
        private final String sessionKey;
        private final PiEventListener listener;
        /** Arguments by tool call id: pi repeats them at the start of a call only. */
        private Map<String, JsonNode> params;
        private CompletableFuture<Void> fired = DONE;

        Tap(String sessionKey, PiEventListener listener) {
            this.sessionKey = sessionKey;
            this.listener = listener;
        }

        @Override
        public void onEvent(PiEvent event) {
            listener.onEvent(event);
            HookPoint point = PiHookEvents.pointOf(event);
            if (point == null) {
                return;
            }
            JsonNode callParams = trackParams(point, event);
            if (!firedElsewhere.contains(point) && hooks.hasAny(point)) {
                HookContext context = PiHookEvents.context(point, sessionKey, event, callParams);
                // after a failed step the chain would skip the rest: keep it going whatever happened
                fired = fired.exceptionally(e -> null).thenRunAsync(() -> hooks.run(point, context), executor);
            }
        }

        private JsonNode trackParams(HookPoint point, PiEvent event) {
            if (point == HookPoint.BEFORE_TOOL_CALL && hooks.hasAny(HookPoint.AFTER_TOOL_CALL)) {
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(event.json().path("toolCallId").asText(), event.json().get("args"));
            } else if (point == HookPoint.AFTER_TOOL_CALL && params != null) {
                return params.remove(event.json().path("toolCallId").asText());
            }
            return null;
        }
    }
}
