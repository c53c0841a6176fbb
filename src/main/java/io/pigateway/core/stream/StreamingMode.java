package io.pigateway.core.stream;

import java.util.Locale;

/** How an answer reaches a chat while the agent writes it (config {@code channels.*.streamingMode}). */
public enum StreamingMode {
    /** Only the final answer, split into messages at the channel's limit. */
    OFF,
    /** One message edited in place as text arrives (throttled); overflow continues in a new message. */
    PARTIAL,
    /** Each finished paragraph or code block as its own message. */
    BLOCK,
    /** Native draft previews (throttled), then the final answer as messages. */
    DRAFT;

    /** Parses a config value; null or blank yields {@link #PARTIAL} (the config default). */
    public static StreamingMode fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return PARTIAL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown streamingMode '" + value
                    + "' (expected off, partial, block or draft)", e);
        }
    }
}
