package io.pigateway.pipeline;

import io.pigateway.core.GatewayDrainingException;

/**
 * Whether the gateway takes new work from callers that wait for an answer and can retry (HTTP
 * API, WebSocket, OpenAI API, hooks, cron: they submit with an observer). While the gateway drains
 * before a restart or a stop, {@link GatewayService#submit} refuses them with a
 * {@link GatewayDrainingException} before anything runs (not even the dedupe remembers them).
 * Channel messages (no observer) still pass: their channel paused its intake, and what it had
 * already fetched is work in flight that must not be lost.
 */
public final class IntakeGate {
    private volatile boolean closed;
    private volatile String sentence = "";
    private volatile long retryAfterSeconds = 1;

    /** Stops taking new work; callers hear {@code sentence} and when to retry. */
    public void close(String sentence, long retryAfterSeconds) {
        this.sentence = sentence;
        this.retryAfterSeconds = retryAfterSeconds;
        this.closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Throws while closed, for a caller that waits for an answer. */
    void admit(boolean callerWaits) {
        if (closed && callerWaits) {
            throw new GatewayDrainingException(sentence, retryAfterSeconds);
        }
    }
}
