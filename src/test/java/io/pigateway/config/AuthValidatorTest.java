package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No unauthenticated surface beyond loopback, and no guessable secret, at config load. */
class AuthValidatorTest {
    static final String LONG = "0123456789abcdef0123456789abcdef";

    private static List<String> problems(String jsonc) {
        ConfigException error = catchThrowableOfType(() -> ConfigLoader.parse(jsonc, Map.of()), ConfigException.class);
        assertThat(error).as("expected a ConfigException").isNotNull();
        return error.problems();
    }

    @Test
    void lanBindWithWebChatAuthOffIsRefusedNamingTheKeyAndTheFix() {
        List<String> found = problems("""
                { "gateway": { "bind": "lan" }, "channels": { "webchat": { "auth": { "mode": "off" } } } }
                """);
        assertThat(found).singleElement().asString()
                .startsWith("channels.webchat.auth.mode: \"off\" is refused because gateway.bind is \"lan\"")
                .contains("\"token\" or \"password\"", "gateway.bind to \"loopback\"");
    }

    @Test
    void anyNonLoopbackBindWithAuthOffIsRefused() {
        assertThat(problems("{ \"gateway\": { \"bind\": \"auto\", \"host\": \"192.168.1.5\", \"auth\": { \"mode\": \"off\" } } }"))
                .singleElement().asString().startsWith("gateway.auth.mode: \"off\" is refused");
        assertThat(problems("{ \"gateway\": { \"bind\": \"lan\", \"auth\": { \"mode\": \"off\" } } }")).hasSize(1);
    }

    @Test
    void loopbackWithAuthOffStaysAllowed() {
        assertThat(ConfigLoader.parse("""
                { "gateway": { "auth": { "mode": "off" } }, "channels": { "webchat": { "auth": { "mode": "off" } } } }
                """, Map.of()).gateway().auth().mode()).isEqualTo("off");
        assertThat(ConfigLoader.parse("""
                { "gateway": { "bind": "lan", "host": "127.0.0.1" }, "channels": { "webchat": { "auth": { "mode": "off" } } } }
                """, Map.of()).gateway().bind()).isEqualTo("lan");
    }

    @Test
    void shortSecretsAreRefusedWithHowToGenerateOne() {
        List<String> found = problems("""
                { "gateway": { "auth": { "token": "short-token" } },
                  "hooks": { "enabled": true, "token": "hooks" },
                  "channels": { "telegram": { "enabled": true, "botToken": "1:x", "webhookSecret": "s3cret",
                                              "accounts": { "work": { "botToken": "2:y", "webhookSecret": "w" } } } } }
                """);
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("gateway.auth.token: is 11 characters; use at least 32")
                .contains("openssl rand -hex 32").doesNotContain("short-token"));
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("hooks.token: is 5 characters"));
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("channels.telegram.webhookSecret: is 6 characters"));
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("channels.telegram.accounts.work.webhookSecret:"));
    }

    @Test
    void trustedProxiesMustBeAddressesOrBlocks() {
        assertThat(problems("{ \"gateway\": { \"trustedProxies\": [\"10.0.0.0/8\", \"proxy.lan\"] } }"))
                .singleElement().asString().startsWith("gateway.trustedProxies[1]: \"proxy.lan\" is not an IP address");
    }

    @Test
    void shortPasswordIsRefusedAndLongSecretsPass() {
        assertThat(problems("{ \"channels\": { \"webchat\": { \"auth\": { \"mode\": \"password\", \"password\": \"hunter2\" } } } }"))
                .singleElement().asString().startsWith("channels.webchat.auth.password: is 7 characters; use at least 12");
        GatewayConfig ok = ConfigLoader.parse("""
                { "gateway": { "auth": { "token": "%s" } }, "hooks": { "enabled": true, "token": "%s" } }
                """.formatted(LONG, LONG), Map.of());
        assertThat(ok.hooks().token()).isEqualTo(LONG);
        // a disabled section's short secret is not in use, so it is not an error
        assertThat(ConfigLoader.parse("{ \"hooks\": { \"token\": \"h\" } }", Map.of()).hooks().token()).isEqualTo("h");
    }
}
