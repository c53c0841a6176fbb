package io.pigateway.core;

/**
 * The outcome of one turn as the user sees it: pi's stop reason ({@code stop}, {@code length},
 * {@code aborted}, ...), its token counts ({@link TurnUsage#NONE} when unknown, e.g. a command's
 * reply) and the model that answered ({@code provider/id}, e.g. a fallback after a failover; null
 * if unknown).
 */
public record TurnResult(String sessionKey, String runId, String text, String stopReason, TurnUsage usage,
                         String model) {

    public TurnResult {
        usage = usage != null ? usage : TurnUsage.NONE;
    }

    public TurnResult(String sessionKey, String runId, String text, String stopReason, TurnUsage usage) {
        this(sessionKey, runId, text, stopReason, usage, null);
    }

    public TurnResult(String sessionKey, String runId, String text, String stopReason) {
        this(sessionKey, runId, text, stopReason, TurnUsage.NONE);
    }

    /** The tokens the answer's model call used, or null when pi reported none (the cron run history). */
    public Integer tokens() {
        long total = usage.totalOrSum();
        return total > 0 ? (int) Math.min(total, Integer.MAX_VALUE) : null;
    }

    /** The same outcome with another text (a {@code message_sending} hook rewrote it). */
    public TurnResult withText(String newText) {
        return new TurnResult(sessionKey, runId, newText, stopReason, usage, model);
    }
}
