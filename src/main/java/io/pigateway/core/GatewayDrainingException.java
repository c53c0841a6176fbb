package io.pigateway.core;

/**
 * The gateway is draining before a restart or a stop and takes no new messages from callers that
 * can retry (HTTP API, WebSocket, OpenAI API, hooks, cron): they answer 503 with
 * {@code Retry-After: }{@link #retryAfterSeconds()} and {@link #getMessage()}, a sentence for a person.
 */
public final class GatewayDrainingException extends RuntimeException {
    public static final String CODE = "restarting";

    private final long retryAfterSeconds;

    public GatewayDrainingException(String sentence, long retryAfterSeconds) {
        super(sentence, null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
