package io.pigateway.core.channel;

import java.util.concurrent.atomic.LongAdder;

/**
 * What went wrong between a channel and its platform, counted where it happens (a failed call, a
 * 429, a reconnect) and read by {@code /metrics} at scrape time. Incrementing is one uncontended
 * add: cheap on any thread.
 */
public final class ChannelCounters {
    private final LongAdder errors = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder reconnects = new LongAdder();

    /** A platform call failed (network, 5xx, 4xx; rate limits included). */
    public void error() {
        errors.increment();
    }

    /** The platform answered 429 (or its own rate-limit code). */
    public void rateLimited() {
        rateLimited.increment();
    }

    /** The connection to the platform was lost and set up again. */
    public void reconnect() {
        reconnects.increment();
    }

    public long errors() {
        return errors.sum();
    }

    public long rateLimitedCount() {
        return rateLimited.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }
}
