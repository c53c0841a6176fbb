package io.pigateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down credential guessing: after {@code maxFailures} failed attempts within
 * {@code window} from one client (its socket address, never a forwarded header), that client is
 * blocked for {@code blockFor}.
 */
public final class AttemptLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Duration blockFor;
    private final Clock clock;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    public AttemptLimiter(int maxFailures, Duration window, Duration blockFor, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.blockFor = blockFor;
        this.clock = clock;
    }

    /** 10 failures a minute, then a minute of 429. */
    public static AttemptLimiter standard() {
        return new AttemptLimiter(10, Duration.ofMinutes(1), Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** Seconds until the client may try again; 0 when it is not blocked. */
    public long retryAfterSeconds(String client) {
        Client c = clients.get(client);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            Instant now = clock.instant();
            if (c.blockedUntil == null || !c.blockedUntil.isAfter(now)) {
                return 0;
            }
            return Math.max(1, Duration.between(now, c.blockedUntil).toSeconds());
        }
    }

    public boolean isBlocked(String client) {
        return retryAfterSeconds(client) > 0;
    }

    public void recordFailure(String client) {
        if (clients.size() > 50_000) {
            clients.clear(); // bounded memory under an address-spraying attack; errs towards forgiving
        }
        Client c = clients.computeIfAbsent(client, k -> new Client());
        synchronized (c) {
            Instant now = clock.instant();
            while (!c.failures.isEmpty() && c.failures.peekFirst().isBefore(now.minus(window))) {
                c.failures.removeFirst();
            }
            c.failures.addLast(now);
            if (c.failures.size() >= maxFailures) {
                c.blockedUntil = now.plus(blockFor);
                c.failures.clear();
            }
        }
    }

    private static final class Client {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil;
    }
}
