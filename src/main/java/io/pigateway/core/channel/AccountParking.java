package io.pigateway.core.channel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-loop protection for a channel's accounts, the same for every channel: a connection that
 * fails is retried with a capped exponential backoff; an account whose connection failed
 * {@code maxFailures} times within {@code windowMs}, or failed fatally (a rejected token, refused
 * intents), is <em>parked</em>: its channel stops retrying it, and its status is down with the
 * reason and since when, until {@link #release} (a config reload or
 * {@code POST /api/channels/<name>/restart}). The other accounts and channels run on.
 * Thread-safe; a channel keeps one per channel and asks it from its connection threads.
 */
public final class AccountParking {
    private static final Logger LOG = LoggerFactory.getLogger(AccountParking.class);

    /** The defaults: parked after 10 failures within 5 minutes; backoff 1 s doubling to 60 s. */
    public static final Settings DEFAULTS = new Settings(10, 300_000, 1_000, 60_000);

    /** When an account is parked, and how long its retries wait. */
    public record Settings(int maxFailures, long windowMs, long baseBackoffMs, long maxBackoffMs) {
    }

    /** Why and since when an account is parked (epoch ms). */
    public record Parked(String reason, long sinceMillis) {
    }

    private final String channel;
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> inARow = new ConcurrentHashMap<>();
    private final Map<String, Parked> parked = new ConcurrentHashMap<>();

    public AccountParking(String channel) {
        this(channel, DEFAULTS, System::currentTimeMillis);
    }

    public AccountParking(String channel, Settings settings, LongSupplier clock) {
        this.channel = channel;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The account's connection failed with {@code reason}: returns how long to wait before the next
     * try, or -1 when the account is parked now (stop trying).
     */
    public long failed(String account, String reason) {
        long now = clock.getAsLong();
        int row = inARow.merge(account, 1, Integer::sum);
        Deque<Long> recent = failures.computeIfAbsent(account, a -> new ArrayDeque<>());
        int inWindow;
        synchronized (recent) {
            recent.addLast(now);
            while (!recent.isEmpty() && recent.peekFirst() < now - settings.windowMs()) {
                recent.removeFirst();
            }
            inWindow = recent.size();
        }
        if (inWindow >= settings.maxFailures()) {
            park(account, "failed " + inWindow + " times within " + settings.windowMs() / 1000 + " s (last: "
                    + reason + ")");
            return -1;
        }
        return Math.min(settings.maxBackoffMs(), settings.baseBackoffMs() << Math.min(row - 1, 20));
    }

    /** The account failed in a way retrying cannot fix (a rejected token): parked at once. */
    public void fatal(String account, String reason) {
        park(account, reason);
    }

    /** The account's connection works: the backoff starts from the base again. */
    public void succeeded(String account) {
        inARow.remove(account);
    }

    public boolean isParked(String account) {
        return parked.containsKey(account);
    }

    public Optional<Parked> parked(String account) {
        return Optional.ofNullable(parked.get(account));
    }

    /** Unparks the account and forgets its failures (before a restart or a config reload retries it). */
    public void release(String account) {
        failures.remove(account);
        inARow.remove(account);
        if (parked.remove(account) != null) {
            LOG.info("{} account '{}' is unparked and will be connected again", channel, account);
        }
    }

    /** The parked accounts' ids. */
    public java.util.Set<String> parkedAccounts() {
        return java.util.Set.copyOf(parked.keySet());
    }

    /**
     * The channel's account statuses with each parked account shown as down ("parked: ...", since
     * when it was parked), and parked accounts the channel no longer lists added.
     */
    public List<ChannelStatus> overlay(List<ChannelStatus> statuses) {
        if (parked.isEmpty()) {
            return statuses;
        }
        Map<String, ChannelStatus> out = new java.util.LinkedHashMap<>();
        statuses.forEach(s -> out.put(s.account(), s));
        parked.forEach((account, p) -> out.put(account, status(account, p)));
        return List.copyOf(out.values());
    }

    private ChannelStatus status(String account, Parked p) {
        return new ChannelStatus(account, ChannelStatus.State.DOWN, "parked: " + p.reason()
                + "; fix it, then reload the config or POST /api/channels/" + channel + "/restart", p.sinceMillis());
    }

    private void park(String account, String reason) {
        Parked before = parked.putIfAbsent(account, new Parked(reason, clock.getAsLong()));
        if (before == null) {
            LOG.error("{} account '{}' is parked: {}. It is not retried until the config is reloaded or"
                    + " POST /api/channels/{}/restart; the other channels keep running.", channel, account, reason,
                    channel);
        }
    }
}
