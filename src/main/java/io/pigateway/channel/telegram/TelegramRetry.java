package io.pigateway.channel.telegram;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries Bot API calls: a 429 waits the server's {@code retry_after} (without using up an attempt,
 * up to {@value #MAX_RATE_LIMIT_WAITS} times); 5xx and network errors back off exponentially from
 * {@code baseBackoffMs}, up to {@code maxAttempts}. Other errors (4xx) fail at once.
 */
public final class TelegramRetry {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramRetry.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    /** How many 429s one call waits out before they count as failed attempts. */
    static final int MAX_RATE_LIMIT_WAITS = 30;

    private final int maxAttempts;
    private final long baseBackoffMs;
    private final io.pigateway.core.channel.ChannelCounters counters;

    public TelegramRetry(int maxAttempts, long baseBackoffMs) {
        this(maxAttempts, baseBackoffMs, new io.pigateway.core.channel.ChannelCounters());
    }

    /** @param counters where failed calls and 429s are counted ({@code /metrics}) */
    public TelegramRetry(int maxAttempts, long baseBackoffMs, io.pigateway.core.channel.ChannelCounters counters) {
        this.maxAttempts = maxAttempts;
        this.baseBackoffMs = baseBackoffMs;
        this.counters = counters;
    }

    /** Where this retry counts failed calls and 429s. */
    public io.pigateway.core.channel.ChannelCounters counters() {
        return counters;
    }

    public <T> T run(String what, Supplier<T> call) {
        int rateLimited = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TelegramApiException e) {
                counters.error();
                // a 429 says when to come back: waiting it out is no failed attempt (a storm of them must
                // not use up the attempts a 5xx burst right after needs), up to a bound
                if (e.status() == 429) {
                    counters.rateLimited();
                    if (e.retryAfterSeconds() > 0 && rateLimited++ < MAX_RATE_LIMIT_WAITS) {
                        attempt--;
                    }
                }
                if (!e.isRetryable() || attempt >= maxAttempts) {
                    throw e;
                }
                long waitMs = delayMs(e, attempt);
                LOG.info("{} failed ({}), retry {} of {} in {} ms", what, e.getMessage(), attempt, maxAttempts - 1,
                        waitMs);
                sleep(waitMs);
            }
        }
    }

    /** The wait before the next attempt after {@code attempt} failed with {@code e}. */
    public long delayMs(TelegramApiException e, int attempt) {
        if (e.status() == 429 && e.retryAfterSeconds() > 0) {
            return e.retryAfterSeconds() * 1000L;
        }
        return Math.min(MAX_BACKOFF_MS, baseBackoffMs << Math.min(attempt - 1, 10));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TelegramApiException(0, "interrupted while waiting to retry", 0, ie);
        }
    }
}
