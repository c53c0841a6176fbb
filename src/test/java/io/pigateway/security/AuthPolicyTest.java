package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.GatewayConfig.AuthConfig;
import io.pigateway.security.AuthPolicy.Verdict;
import org.junit.jupiter.api.Test;

class AuthPolicyTest {
    final GatewayToken token = GatewayToken.of("the-token");
    final LoginSessions sessions = new LoginSessions();

    @Test
    void tokenModeTakesOnlyTheBearerToken() {
        AuthPolicy policy = AuthPolicy.of(new AuthConfig("token", null, null), token, sessions);
        assertThat(policy.check("Bearer the-token", null)).isEqualTo(Verdict.OK);
        assertThat(policy.check("bearer the-token", null)).isEqualTo(Verdict.OK);
        assertThat(policy.check("Bearer other", null)).isEqualTo(Verdict.WRONG);
        assertThat(policy.check(null, null)).isEqualTo(Verdict.MISSING);
        assertThat(policy.check("Basic dGhlLXRva2Vu", null)).isEqualTo(Verdict.MISSING);
        // a sign-in cookie means nothing in token mode
        assertThat(policy.check(null, "pigw_session=" + sessions.create())).isEqualTo(Verdict.MISSING);
        assertThat(policy.checkToken("the-token")).isEqualTo(Verdict.OK);
        assertThat(policy.checkToken("nope")).isEqualTo(Verdict.WRONG);
    }

    @Test
    void passwordModeTakesTheCookieOrTheToken() {
        AuthPolicy policy = AuthPolicy.of(new AuthConfig("password", null, "pw"), token, sessions);
        String id = sessions.create();
        assertThat(policy.check(null, "a=b; pigw_session=" + id)).isEqualTo(Verdict.OK);
        // unknown or expired cookies are what browsers keep after a restart: missing, never a counted guess
        assertThat(policy.check(null, "pigw_session=forged")).isEqualTo(Verdict.MISSING);
        assertThat(policy.check(null, "__Host-pigw_session=" + id)).isEqualTo(Verdict.OK);
        assertThat(policy.check("Bearer the-token", null)).isEqualTo(Verdict.OK);
        assertThat(policy.checkPassword("pw")).isTrue();
        assertThat(policy.checkPassword("PW")).isFalse();
        sessions.remove(id);
        assertThat(policy.check(null, "pigw_session=" + id)).isEqualTo(Verdict.MISSING);
        assertThat(policy.check("Bearer wrong", "pigw_session=" + id)).isEqualTo(Verdict.WRONG);
    }

    @Test
    void offLetsEverythingThroughAndASectionTokenWins() {
        assertThat(AuthPolicy.of(new AuthConfig("off", null, null), token, sessions).check(null, null))
                .isEqualTo(Verdict.OK);
        AuthPolicy own = AuthPolicy.of(new AuthConfig("token", "page-token", null), token, sessions);
        assertThat(own.check("Bearer page-token", null)).isEqualTo(Verdict.OK);
        assertThat(own.check("Bearer the-token", null)).isEqualTo(Verdict.WRONG);
    }
}
