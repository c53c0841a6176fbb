package io.pigateway.api;

import io.pigateway.security.AttemptLimiter;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import io.pigateway.security.LoginSessions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may do what: the API's policy ({@code gateway.auth}), the page's and WebSocket's policy
 * ({@code channels.webchat.auth}, else the API's), the sign-in sessions and the guess limiter.
 * The client is the socket's remote address; forwarded headers are never looked at.
 */
public final class GatewayAccess {
    /** Outcome of checking one request. */
    public enum Decision { ALLOW, UNAUTHORIZED, TOO_MANY }

    private final AuthPolicy api;
    private final AuthPolicy web;
    private final LoginSessions sessions;
    private final AttemptLimiter limiter;

    public GatewayAccess(AuthPolicy api, AuthPolicy web, LoginSessions sessions, AttemptLimiter limiter) {
        this.api = api;
        this.web = web;
        this.sessions = sessions;
        this.limiter = limiter;
    }

    public AuthPolicy api() {
        return api;
    }

    public AuthPolicy web() {
        return web;
    }

    public LoginSessions sessions() {
        return sessions;
    }

    public AttemptLimiter limiter() {
        return limiter;
    }

    public static String client(HttpServerRequest request) {
        return request.remoteAddress() != null ? request.remoteAddress().hostAddress() : "unknown";
    }

    /** Checks a request's header/cookie credentials under {@code policy}, counting wrong ones. */
    public Decision decide(AuthPolicy policy, HttpServerRequest request) {
        if (policy.isOff()) {
            return Decision.ALLOW;
        }
        Verdict verdict = policy.check(request.getHeader("Authorization"), request.getHeader("Cookie"));
        return decide(verdict, client(request));
    }

    /** Applies the limiter to a verdict: a blocked client is refused even with a right credential. */
    public Decision decide(Verdict verdict, String client) {
        if (verdict == Verdict.MISSING) {
            return Decision.UNAUTHORIZED;
        }
        if (limiter.isBlocked(client)) {
            return Decision.TOO_MANY;
        }
        if (verdict == Verdict.WRONG) {
            limiter.recordFailure(client);
            return limiter.isBlocked(client) ? Decision.TOO_MANY : Decision.UNAUTHORIZED;
        }
        return Decision.ALLOW;
    }
}
