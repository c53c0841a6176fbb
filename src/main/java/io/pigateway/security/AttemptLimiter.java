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
 * {@code window} from one client (see {@link ClientKeys}), that client's wrong credentials are
 * answered 429 for {@code blockFor}. A valid credential always passes: a 256-bit token cannot be
 * guessed, so refusing it would only let any local script lock the operator out.
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

    /** What one presented credential leads to. */
    public enum Outcome { ALLOW, REFUSE, TOO_MANY }

    /** Counts a wrong credential; a right one passes even while the client is blocked. */
    public Outcome attempt(String client, boolean valid) {
        if (valid) {
            return Outcome.ALLOW;
        }
        if (isBlocked(client)) {
            return Outcome.TOO_MANY;
        }
        recordFailure(client);
        return isBlocked(client) ? Outcome.TOO_MANY : Outcome.REFUSE;
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
