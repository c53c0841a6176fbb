package io.pigateway.core.lane;

import java.util.Locale;

/** What happens to a message that arrives while its session's turn is running (config {@code agent.queue.mode}). */
public enum QueueMode {
    /** Inject it into the running turn; queue it when that is not possible. */
    STEER,
    /** Queue it; it gets its own turn after the current one (FIFO). */
    FOLLOWUP,
    /** Queue it; everything queued runs as one turn after the current one. */
    COLLECT,
    /** Abort the running turn; the queued messages run when the aborted turn has ended. */
    INTERRUPT;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value; null or blank yields {@link #STEER} (the config default). */
    public static QueueMode fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return STEER;
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace("-", "");
        for (QueueMode mode : values()) {
            if (mode.name().equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown queue mode '" + value
                + "' (expected steer, followup, collect or interrupt)");
    }
}
