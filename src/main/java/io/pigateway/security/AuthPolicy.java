package io.pigateway.security;

import io.pigateway.config.GatewayConfig.AuthConfig;

/**
 * One auth mode ({@code off | token | password}) and how a request proves itself under it:
 * a bearer token (any mode but off), or a sign-in cookie (password mode). Pure decision, no I/O.
 */
public final class AuthPolicy {
    /** What a request presented. */
    public enum Verdict {
        /** Mode off, or a valid credential. */
        OK,
        /** No credential at all, or an unknown/expired sign-in cookie: 401, not counted as a guess. */
        MISSING,
        /** A wrong credential: 401 and counted by the {@link AttemptLimiter}. */
        WRONG,
        /** The token before a rotation, after its grace: 401 with "sign in with the new token", not counted. */
        EXPIRED
    }

    private final String mode;
    private final GatewayToken token;
    private final String password;
    private final LoginSessions sessions;

    public AuthPolicy(String mode, GatewayToken token, String password, LoginSessions sessions) {
        this.mode = mode;
        this.token = token;
        this.password = password;
        this.sessions = sessions;
    }

    /** The policy for an auth section; its own token wins over the gateway's. */
    public static AuthPolicy of(AuthConfig auth, GatewayToken gatewayToken, LoginSessions sessions) {
        GatewayToken token = auth.token() != null && !auth.token().isBlank()
                ? GatewayToken.of(auth.token()) : gatewayToken;
        return new AuthPolicy(auth.mode(), token, auth.password(), sessions);
    }

    public String mode() {
        return mode;
    }

    public boolean isOff() {
        return "off".equals(mode);
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param cookieHeader  the {@code Cookie} header, or null
     */
    public Verdict check(String authorization, String cookieHeader) {
        if (isOff()) {
            return Verdict.OK;
        }
        String bearer = bearer(authorization);
        if (bearer != null) {
            return tokenVerdict(bearer);
        }
        String session = LoginSessions.presented(cookieHeader);
        if (session != null && "password".equals(mode) && sessions.isValid(session)) {
            return Verdict.OK;
        }
        // an unknown or expired cookie is what a browser keeps after a restart or a logout
        // elsewhere: not a guess (a 256-bit id cannot be guessed), so it never counts
        return Verdict.MISSING;
    }

    /** A token presented in a WebSocket {@code connect} frame. */
    public Verdict checkToken(String presented) {
        if (isOff()) {
            return Verdict.OK;
        }
        if (presented == null || presented.isEmpty()) {
            return Verdict.MISSING;
        }
        return tokenVerdict(presented);
    }

    private Verdict tokenVerdict(String presented) {
        if (token.matches(presented)) {
            return Verdict.OK;
        }
        return token.retired(presented) ? Verdict.EXPIRED : Verdict.WRONG;
    }

    /**
     * The rotation generation of a token a connection signed in with (a Bearer header or a
     * {@code connect} frame's token); -1 when none is involved (mode off, a sign-in cookie).
     */
    public long generationOf(String presentedToken) {
        return isOff() || presentedToken == null ? -1 : token.generationOf(presentedToken);
    }

    /** Whether a connection signed in with a token of this generation may stay (-1: not token-bound). */
    public boolean stillAccepts(long generation) {
        return generation < 0 || token.accepts(generation);
    }

    /** Password sign-in; false when password mode is not on or no password is configured. */
    public boolean checkPassword(String presented) {
        return "password".equals(mode) && password != null && !password.isEmpty()
                && GatewayToken.matches(password, presented);
    }

    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }

    /** One cookie's value from a {@code Cookie} header, or null. */
    public static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
