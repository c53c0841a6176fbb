package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The app's tenant access token: fetched once and shared, refreshed {@link #REFRESH_AHEAD_MS} before
 * Feishu's {@code expire}, and at once when an API call says it is invalid. Single-flight: callers
 * that need a token while one is being fetched wait for that fetch instead of starting their own.
 */
final class FeishuTokens {
    static final long REFRESH_AHEAD_MS = 5 * 60_000;

    private final Supplier<JsonNode> fetch;
    private final LongSupplier nowMillis;
    private String token;
    private long refreshAt;
    private volatile String lastError;
    private volatile int fetches;

    /** @param fetch calls {@code tenant_access_token/internal} and returns its JSON answer */
    FeishuTokens(Supplier<JsonNode> fetch, LongSupplier nowMillis) {
        this.fetch = fetch;
        this.nowMillis = nowMillis;
    }

    /** A valid token, fetching one when there is none or it is about to expire. */
    synchronized String get() {
        if (token == null || nowMillis.getAsLong() >= refreshAt) {
            refresh();
        }
        return token;
    }

    /** Forgets {@code stale} (an API call refused it); a token fetched meanwhile by another caller stays. */
    synchronized void invalidate(String stale) {
        if (stale != null && stale.equals(token)) {
            token = null;
        }
    }

    private void refresh() {
        fetches++;
        try {
            JsonNode answer = fetch.get();
            if (answer.path("code").asInt(-1) != 0 || !answer.hasNonNull("tenant_access_token")) {
                throw new FeishuApiException(200, answer.path("code").asInt(-1),
                        "tenant_access_token refused: " + answer.path("msg").asText(""));
            }
            long expireMs = answer.path("expire").asLong(7200) * 1000;
            token = answer.path("tenant_access_token").asText();
            refreshAt = nowMillis.getAsLong() + Math.max(expireMs / 2, expireMs - REFRESH_AHEAD_MS);
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            throw e;
        }
    }

    /** Null while the last fetch worked; else why it failed (for {@code /health} and doctor). */
    String lastError() {
        return lastError;
    }

    /** How many fetches ran (tests check single-flight). */
    int fetches() {
        return fetches;
    }
}
