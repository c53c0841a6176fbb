package io.pigateway.core;

/** The outcome of one turn as the user sees it; {@code model} answered it ({@code provider/id}, null if unknown). */
public record TurnResult(String sessionKey, String runId, String text, String stopReason, String model) {
    public TurnResult(String sessionKey, String runId, String text, String stopReason) {
        this(sessionKey, runId, text, stopReason, null);
    }
}
