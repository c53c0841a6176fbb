package io.pigateway.core.lane;

/** The session's queue is full: answer "busy, try again" (HTTP 429). The message was not accepted. */
public class LaneFullException extends RuntimeException {

    private final String sessionKey;
    private final int queued;

    public LaneFullException(String sessionKey, int queued) {
        super("Session is busy: " + queued + " messages already queued, try again later");
        this.sessionKey = sessionKey;
        this.queued = queued;
    }

    public String sessionKey() {
        return sessionKey;
    }

    public int queued() {
        return queued;
    }
}
