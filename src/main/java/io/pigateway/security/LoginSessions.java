package io.pigateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sign-in sessions for password mode: the browser holds only a random id in an
 * HttpOnly cookie; the id means nothing once it expires or the gateway restarts.
 */
public final class LoginSessions {
    public static final String COOKIE = "pigw_session";
    /** The name when the gateway is served over https: the browser then insists on Secure, Path=/ and no Domain. */
    public static final String SECURE_COOKIE = "__Host-pigw_session";
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public LoginSessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public LoginSessions() {
        this(DEFAULT_TTL, Clock.systemUTC());
    }

    /** A new session id, valid for the TTL. */
    public String create() {
        Instant now = clock.instant();
        if (expiries.size() >= MAX_SESSIONS) {
            expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        String id = GatewayToken.randomToken();
        expiries.put(id, now.plus(ttl));
        return id;
    }

    public boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        Instant expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            expiries.remove(id);
            return false;
        }
        return true;
    }

    public void remove(String id) {
        if (id != null) {
            expiries.remove(id);
        }
    }

    /** The session id from a {@code Cookie} header under either cookie name, or null. */
    public static String presented(String cookieHeader) {
        String secure = AuthPolicy.cookie(cookieHeader, SECURE_COOKIE);
        return secure != null ? secure : AuthPolicy.cookie(cookieHeader, COOKIE);
    }

    public Duration ttl() {
        return ttl;
    }
}
