package io.pigateway.core;

/** The outcome of one turn as the user sees it. */
public record TurnResult(String sessionKey, String runId, String text, String stopReason) {
}
