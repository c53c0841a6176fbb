package io.pigateway.store;

import java.time.Instant;

/** What the gateway remembers about one session across restarts. */
public record SessionRecord(
        String key,
        String channel,
        String sessionFile,
        String model,
        Instant createdAt,
        Instant lastActivity,
        long messageCount,
        long turnCount) {
}
