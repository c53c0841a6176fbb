package io.pigateway.core;

/**
 * The outcome of one turn as the user sees it: pi's stop reason ({@code stop}, {@code length},
 * {@code aborted}, ...) and its token counts ({@link TurnUsage#NONE} when unknown, e.g. a command's reply).
 */
public record TurnResult(String sessionKey, String runId, String text, String stopReason, TurnUsage usage) {

    public TurnResult {
        usage = usage != null ? usage : TurnUsage.NONE;
    }

    public TurnResult(String sessionKey, String runId, String text, String stopReason) {
        this(sessionKey, runId, text, stopReason, TurnUsage.NONE);
    }

    /** The same outcome with another text (a {@code message_sending} hook rewrote it). */
    public TurnResult withText(String newText) {
        return new TurnResult(sessionKey, runId, newText, stopReason, usage);
    }
}
