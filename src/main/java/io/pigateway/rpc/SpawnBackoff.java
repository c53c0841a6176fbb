package io.pigateway.rpc;

/** Exponential delay between failed pi spawns (1 s, 2 s, 4 s ... capped at 30 s); reset on success. */
final class SpawnBackoff {
    static final long BASE_MS = 1_000;
    static final long MAX_MS = 30_000;

    private int failures;
    private long nextAttemptAt;
    private String lastReason;

    /** Records a failure at {@code now}; returns the delay before the next attempt. */
    long failed(long now, String reason) {
        failures++;
        long delay = Math.min(MAX_MS, BASE_MS << Math.min(failures - 1, 10));
        nextAttemptAt = now + delay;
        lastReason = reason;
        return delay;
    }

    void succeeded() {
        failures = 0;
        nextAttemptAt = 0;
        lastReason = null;
    }

    boolean blocked(long now) {
        return now < nextAttemptAt;
    }

    long nextAttemptAt() {
        return nextAttemptAt;
    }

    /** Why the last spawn failed, while in a failure streak; else null. */
    String lastReason() {
        return lastReason;
    }
}
