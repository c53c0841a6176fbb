package io.pigateway.core;

/**
 * The outcome of one turn as the user sees it.
 *
 * @param tokens the tokens the turn's last model call used, when pi reported them (else null)
 */
public record TurnResult(String sessionKey, String runId, String text, String stopReason, Integer tokens) {

    public TurnResult(String sessionKey, String runId, String text, String stopReason) {
        this(sessionKey, runId, text, stopReason, null);
    }
}
