package io.pigateway.core;

import java.time.Instant;

/**
 * Watches one agent turn as it happens. Callers that wait for an answer (HTTP, WebSocket)
 * implement it; channel deliveries use the stream renderer behind one. Methods are called
 * from pool threads, in order for one turn, and must not block.
 */
public interface TurnObserver {

    /** The turn for this message started (or the message joined a running one). */
    default void onStart(String sessionKey, String runId) {
    }

    /** New assistant text, in order; concatenated deltas form the answer. */
    default void onDelta(String text) {
    }

    /** A tool call started ({@code phase=start}) or finished ({@code end} / {@code error}). */
    default void onTool(String toolName, String phase) {
    }

    /** The turn ended with an answer (possibly empty). */
    default void onFinal(TurnResult result) {
    }

    /** The turn could not run or failed; {@code message} is fit to show the user. */
    default void onError(String code, String message) {
    }

    /**
     * A message delivered into the watched session outside any turn (a cron job announcing to a
     * WebChat session), shown as the assistant's. Only a session's watchers get it.
     */
    default void onMessage(String sessionKey, String text, Instant at) {
    }

    TurnObserver NONE = new TurnObserver() {
    };
}
