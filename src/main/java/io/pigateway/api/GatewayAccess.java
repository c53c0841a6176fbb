package io.pigateway.api;

import io.pigateway.security.AttemptLimiter;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import io.pigateway.security.ClientKeys;
import io.pigateway.security.LoginSessions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may do what: the API's policy ({@code gateway.auth}), the page's and WebSocket's policy
 * ({@code channels.webchat.auth}, else the API's), the sign-in sessions and the guess limiter.
 * The client is the socket's remote address ({@code X-Forwarded-For} only from
 * {@code gateway.trustedProxies}, see {@link ClientKeys}).
 */
public final class GatewayAccess {
    /** Outcome of checking one request. */
    public enum Decision { ALLOW, UNAUTHORIZED, TOO_MANY }

    private final AuthPolicy api;
    private final AuthPolicy web;
    private final LoginSessions sessions;
    private final AttemptLimiter limiter;
    private final ClientKeys clientKeys;
    private final boolean secureCookie;

    public GatewayAccess(AuthPolicy api, AuthPolicy web, LoginSessions sessions, AttemptLimiter limiter) {
        this(api, web, sessions, limiter, ClientKeys.direct(), false);
    }

    /** @param secureCookie the page is served over https ({@code gateway.publicUrl}): {@code __Host-} + Secure cookie */
    public GatewayAccess(AuthPolicy api, AuthPolicy web, LoginSessions sessions, AttemptLimiter limiter,
                         ClientKeys clientKeys, boolean secureCookie) {
        this.clientKeys = clientKeys;
        this.secureCookie = secureCookie;
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

    public boolean secureCookie() {
        return secureCookie;
    }

    /** The limiter's key for this request's client. */
    public String client(HttpServerRequest request) {
        String remote = request.remoteAddress() != null ? request.remoteAddress().hostAddress() : null;
        return clientKeys.key(remote, request.getHeader("X-Forwarded-For"));
    }

    /** Checks a request's header/cookie credentials under {@code policy}, counting wrong ones. */
    public Decision decide(AuthPolicy policy, HttpServerRequest request) {
        if (policy.isOff()) {
            return Decision.ALLOW;
        }
        Verdict verdict = policy.check(request.getHeader("Authorization"), request.getHeader("Cookie"));
        return decide(verdict, client(request));
    }

    /** Applies the limiter to a verdict: wrong credentials are counted and throttled, right ones always pass. */
    public Decision decide(Verdict verdict, String client) {
        if (verdict == Verdict.MISSING || verdict == Verdict.EXPIRED) {
            return Decision.UNAUTHORIZED;
        }
        return switch (limiter.attempt(client, verdict == Verdict.OK)) {
            case ALLOW -> Decision.ALLOW;
            case TOO_MANY -> Decision.TOO_MANY;
            case REFUSE -> Decision.UNAUTHORIZED;
        };
    }
}
