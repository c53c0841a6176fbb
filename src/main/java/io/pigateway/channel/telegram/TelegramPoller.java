package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.channel.AccountParking;
import io.pigateway.core.channel.ChannelCounters;
import io.pigateway.core.channel.ChannelStatus;
import io.pigateway.store.StateStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls {@code getUpdates} for one account on its own thread. The offset lives in the state
 * store ({@code telegram.offset}) and moves past an update only after {@link TelegramInbound}
 * handled it, so a restart neither loses nor repeats updates. Errors back off as the channel's
 * {@link AccountParking} says (a 429 waits Telegram's {@code retry_after} instead: the connection
 * works); a 409 (another poller or a webhook on this token) is reported clearly and retried. A
 * rejected token (401/404), or failures that keep coming, park the account: the poller ends.
 */
final class TelegramPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);
    static final String OFFSETS = "telegram.offset";
    static final int POLL_TIMEOUT_SECONDS = 25;

    private final String accountId;
    private final TelegramBotApi api;
    private final TelegramUpdateTranslator translator;
    private final TelegramInbound inbound;
    private final StateStore store;
    private final TelegramRetry backoff = new TelegramRetry(Integer.MAX_VALUE, 1_000);
    private final AccountParking parking;
    /** The next update to ask for, as last confirmed; -1 until read from the store. Poller thread only. */
    private long offset = -1;
    private volatile boolean running = true;
    private Thread thread;
    private final PollerHealth health;
    private final ChannelCounters counters;

    TelegramPoller(String accountId, TelegramBotApi api, TelegramUpdateTranslator translator, TelegramInbound inbound,
                   StateStore store, ChannelCounters counters, AccountParking parking) {
        this.accountId = accountId;
        this.parking = parking;
        this.counters = counters;
        // down after twice the long-poll timeout without an answer
        this.health = new PollerHealth(accountId, 2_000L * POLL_TIMEOUT_SECONDS, System.currentTimeMillis());
        this.api = api;
        this.translator = translator;
        this.inbound = inbound;
        this.store = store;
    }

    void start() {
        thread = new Thread(this, "telegram-poller-" + accountId);
        thread.setDaemon(true);
        thread.start();
    }

    /** This account's connection as the last polls saw it. */
    ChannelStatus status() {
        return running ? health.status(System.currentTimeMillis())
                : new ChannelStatus(accountId, ChannelStatus.State.DOWN, "the poller is stopped", 0);
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Stops and waits up to {@code ms} for the thread to end (so no two pollers of one bot overlap). */
    void stopAndWait(long ms) {
        stop();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                pollOnce();
                parking.succeeded(accountId);
            } catch (TelegramApiException e) {
                if (!running) {
                    return;
                }
                health.failed(System.currentTimeMillis(), e.status(), e.getMessage());
                counters.error();
                if (e.status() == 429) { // rate limited, not broken: wait as told, no step towards parking
                    counters.rateLimited();
                    pause(backoff.delayMs(e, 1));
                    continue;
                }
                if (e.status() == 401 || e.status() == 404) {
                    parking.fatal(accountId, "Telegram rejected the bot token (HTTP " + e.status()
                            + "); check channels.telegram's botToken");
                    running = false;
                    return;
                }
                if (e.status() == 409) {
                    LOG.warn("Telegram account '{}': getUpdates conflicts (HTTP 409): another gateway or bot is polling "
                            + "this token, or a webhook is set. Retrying with backoff.", accountId);
                } else {
                    LOG.warn("Telegram account '{}': polling failed ({}); retrying", accountId, e.getMessage());
                }
                retryLater("getUpdates failed: " + e.getMessage());
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                health.failed(System.currentTimeMillis(), 0, e.toString());
                LOG.error("Telegram account '{}': an update could not be handled; it will be retried", accountId, e);
                retryLater("an update could not be handled: " + e);
            }
        }
    }

    /** Waits the parking's backoff, or ends the poller when the account is parked now. */
    private void retryLater(String reason) {
        long waitMs = parking.failed(accountId, reason);
        if (waitMs < 0) {
            running = false;
            return;
        }
        pause(waitMs);
    }

    private void pollOnce() {
        if (offset < 0) { // read once: if a later write fails (a full disk), polling still moves on
            offset = store.get(OFFSETS, accountId).map(Long::parseLong).orElse(0L);
        }
        ObjectNode params = api.params().put("timeout", POLL_TIMEOUT_SECONDS);
        if (offset > 0) {
            params.put("offset", offset);
        }
        params.putArray("allowed_updates").add("message");
        JsonNode updates = api.call("getUpdates", params, Duration.ofSeconds(POLL_TIMEOUT_SECONDS + 15));
        health.polled(System.currentTimeMillis());
        for (JsonNode update : updates) {
            if (!running) {
                return; // the next gateway gets it: the offset did not move
            }
            long id = update.path("update_id").asLong();
            if (offset > 0 && id < offset) {
                continue;
            }
            inbound.accept(api, translator, update);
            offset = id + 1;
            store.put(OFFSETS, accountId, Long.toString(offset));
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
