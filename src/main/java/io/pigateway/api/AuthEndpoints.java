package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.GatewayAccess.Decision;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.AuthPolicy.Verdict;
import io.pigateway.security.LoginSessions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/auth} (public: which mode, and whether this browser is signed in),
 * {@code POST /api/login} (password mode: sets an HttpOnly, SameSite=Strict session cookie) and
 * {@code POST /api/logout}. Both follow the page's policy ({@code channels.webchat.auth}).
 */
public final class AuthEndpoints {
    public static final String AUTH = "/api/auth";
    public static final String LOGIN = "/api/login";
    public static final String LOGOUT = "/api/logout";

    private final GatewayAccess access;

    private final String tokenHint;

    public AuthEndpoints(GatewayAccess access) {
        this(access, null);
    }

    /** {@code tokenHint}: where the token is, shown on the sign-in page in token mode (null: none). */
    public AuthEndpoints(GatewayAccess access, String tokenHint) {
        this.access = access;
        this.tokenHint = tokenHint;
    }

    public void mount(Router router) {
        router.get(AUTH).handler(this::status);
        router.post(LOGIN).handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::login);
        router.post(LOGOUT).handler(this::logout);
    }

    private void status(RoutingContext rc) {
        AuthPolicy web = access.web();
        Verdict verdict = web.check(rc.request().getHeader("Authorization"), rc.request().getHeader("Cookie"));
        // a wrong bearer here is a guess like anywhere else: counted, and throttled once blocked
        if (verdict == Verdict.WRONG && access.decide(verdict, access.client(rc.request())) == Decision.TOO_MANY) {
            VertxJson.tooMany(rc, access.limiter().retryAfterSeconds(access.client(rc.request())));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mode", web.mode());
        answer.put("authenticated", verdict == Verdict.OK);
        if ("token".equals(web.mode()) && tokenHint != null) {
            answer.put("tokenHint", tokenHint);
        }
        VertxJson.respond(rc, 200, answer);
    }

    private void login(RoutingContext rc) {
        String client = access.client(rc.request());
        if (!"password".equals(access.web().mode())) {
            VertxJson.error(rc, 400, "not_password_mode", "password sign-in is not enabled (auth mode is "
                    + access.web().mode() + ")");
            return;
        }
        ObjectNode body = VertxJson.readObject(rc);
        if (body == null) {
            return;
        }
        JsonNode password = body.get("password");
        if (password == null || !password.isTextual() || password.asText().isEmpty()) {
            VertxJson.error(rc, 400, "bad_request", "\"password\" must be a non-empty string");
            return;
        }
        Verdict verdict = access.web().checkPassword(password.asText()) ? Verdict.OK : Verdict.WRONG;
        Decision decision = access.decide(verdict, client);
        if (decision == Decision.TOO_MANY) {
            VertxJson.tooMany(rc, access.limiter().retryAfterSeconds(client));
        } else if (decision == Decision.UNAUTHORIZED) {
            VertxJson.error(rc, 401, "unauthorized", "wrong password");
        } else {
            String id = access.sessions().create();
            rc.response().putHeader("Set-Cookie", cookieName() + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                    + access.sessions().ttl().toSeconds() + (secure(rc) ? "; Secure" : ""));
            VertxJson.respond(rc, 200, Map.of("authenticated", true));
        }
    }

    private void logout(RoutingContext rc) {
        access.sessions().remove(LoginSessions.presented(rc.request().getHeader("Cookie")));
        rc.response().putHeader("Set-Cookie", cookieName() + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secure(rc) ? "; Secure" : ""));
        VertxJson.respond(rc, 200, Map.of("authenticated", false));
    }

    /** {@code __Host-} when the page is https ({@code gateway.publicUrl}): no Domain, Path=/ and Secure, enforced by the browser. */
    private String cookieName() {
        return access.secureCookie() ? LoginSessions.SECURE_COOKIE : LoginSessions.COOKIE;
    }

    private boolean secure(RoutingContext rc) {
        return access.secureCookie() || rc.request().isSSL();
    }
}
