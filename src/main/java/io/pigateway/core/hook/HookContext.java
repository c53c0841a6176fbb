package io.pigateway.core.hook;

import io.pigateway.core.InboundMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a hook sees: a small mutable map ({@code sessionKey}, {@code channel}, {@code text},
 * {@code message}, and whatever else the hook point provides). In {@code message_received} and
 * {@code message_sending} a hook may change {@code text} or {@link #cancel()} the message.
 * Used by one pipeline step at a time, so not synchronized.
 */
public final class HookContext {

    public static final String SESSION_KEY = "sessionKey";
    public static final String CHANNEL = "channel";
    public static final String TEXT = "text";
    /** The {@link InboundMessage} (inbound hooks); kept in step with {@link #TEXT}. */
    public static final String MESSAGE = "message";
    public static final String CANCEL = "cancel";
    /** Tool hooks: the tool's name, pi's id of the call, its arguments, its result and whether it failed. */
    public static final String TOOL = "tool";
    public static final String TOOL_CALL_ID = "toolCallId";
    public static final String PARAMS = "params";
    public static final String RESULT = "result";
    public static final String IS_ERROR = "isError";
    /** Why: a compaction's trigger, a session's end, or the message of a hook that cancels a tool call. */
    public static final String REASON = "reason";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean cancelled;

    public HookContext() {
    }

    public HookContext(Map<String, ?> initial) {
        initial.forEach(this::put);
    }

    /** The context of an inbound message: sessionKey, channel, text and the message itself. */
    public static HookContext forMessage(String sessionKey, InboundMessage message) {
        HookContext context = new HookContext();
        context.values.put(SESSION_KEY, sessionKey);
        context.values.put(CHANNEL, message.channel());
        context.values.put(MESSAGE, message);
        context.values.put(TEXT, message.text());
        return context;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public <T> T get(String key, Class<T> type) {
        Object value = values.get(key);
        return type.isInstance(value) ? type.cast(value) : null;
    }

    /** Sets a value; {@code text} also updates the message, {@code cancel} cancels when truthy. */
    public HookContext put(String key, Object value) {
        switch (key) {
            case TEXT -> setText(value == null ? "" : value.toString());
            case CANCEL -> {
                if (isTruthy(value)) {
                    cancel();
                }
            }
            default -> values.put(key, value);
        }
        return this;
    }

    public String sessionKey() {
        return get(SESSION_KEY, String.class);
    }

    public String channel() {
        return get(CHANNEL, String.class);
    }

    public String text() {
        return get(TEXT, String.class);
    }

    public void setText(String text) {
        values.put(TEXT, text);
        InboundMessage message = message();
        if (message != null && !message.text().equals(text)) {
            values.put(MESSAGE, message.withText(text));
        }
    }

    /** The inbound message with any text change applied, or null outside inbound hooks. */
    public InboundMessage message() {
        return get(MESSAGE, InboundMessage.class);
    }

    /** Drop the message: nothing further happens with it. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** A read-only view of the values (without the cancel flag). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** A mutable copy for a route to read and change, with {@code cancel} as a boolean. */
    Map<String, Object> toRouteBody() {
        Map<String, Object> body = new LinkedHashMap<>(values);
        body.put(CANCEL, cancelled);
        return body;
    }

    /** Applies what a route returned; the derived {@code message} entry is never taken from a route. */
    void applyRouteResult(Map<?, ?> result) {
        result.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (!MESSAGE.equals(name) && !(TEXT.equals(name) && value == null)) {
                put(name, value);
            }
        });
    }

    private static boolean isTruthy(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }
}
