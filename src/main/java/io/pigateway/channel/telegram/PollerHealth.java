package io.pigateway.channel.telegram;

import io.pigateway.core.channel.ChannelStatus;
import io.pigateway.core.channel.ChannelStatus.State;

/**
 * The health of one long-polling account, from what the poller last saw. Up while getUpdates
 * answers; degraded while a failure is being retried; down when nothing was polled for twice the
 * long-poll timeout, or when Telegram rejected the token (401/404: retrying will not help).
 * Written by the poller thread only, read by health checks on any thread.
 */
final class PollerHealth {
    private final String accountId;
    private final long downAfterMs;
    private volatile long lastPolledAt;
    private volatile long since;
    private volatile int failures;
    private volatile int lastStatus;
    private volatile String lastError;

    PollerHealth(String accountId, long downAfterMs, long now) {
        this.accountId = accountId;
        this.downAfterMs = downAfterMs;
        this.lastPolledAt = now;
        this.since = now;
    }

    void polled(long now) {
        if (failures > 0) {
            since = now;
        }
        failures = 0;
        lastError = null;
        lastPolledAt = now;
    }

    void failed(long now, int status, String error) {
        if (failures == 0) {
            since = now;
        }
        failures++;
        lastStatus = status;
        lastError = error;
    }

    ChannelStatus status(long now) {
        String error = lastError;
        if (failures > 0 && (lastStatus == 401 || lastStatus == 404)) {
            return new ChannelStatus(accountId, State.DOWN, "Telegram rejected the bot token (HTTP " + lastStatus
                    + "); check channels.telegram's botToken", since);
        }
        long silentMs = now - lastPolledAt;
        if (silentMs > downAfterMs) {
            return new ChannelStatus(accountId, State.DOWN, "no getUpdates answer for " + silentMs / 1000 + " s"
                    + (error != null ? " (last error: " + error + ")" : ""), lastPolledAt);
        }
        if (failures > 0) {
            return new ChannelStatus(accountId, State.DEGRADED, "getUpdates failed " + failures + " time(s) in a row, "
                    + "retrying (last error: " + error + ")", since);
        }
        return ChannelStatus.up(accountId, since);
    }
}
