package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    private static List<String> problems(String jsonc) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(jsonc, Map.of()));
        assertThat(error).as("expected a ConfigException").isNotNull();
        return error.problems();
    }

    private static List<String> warnings(String jsonc) {
        return ConfigLoader.parseLoaded(jsonc, Map.of()).warnings();
    }

    @Test
    void misspelledKeyWarnsWithClosestSibling() {
        assertThat(warnings("{ \"gateway\": { \"prot\": 1 } }"))
                .containsExactly("gateway.prot: unknown key, ignored (did you mean `gateway.port`?)");
        assertThat(warnings("{ \"channels\": { \"telegram\": { \"botTokn\": \"x\" } } }"))
                .containsExactly("channels.telegram.botTokn: unknown key, ignored (did you mean `channels.telegram.botToken`?)");
    }

    @Test
    void keyAtTheWrongLevelSuggestsWhereItBelongs() {
        assertThat(warnings("{ \"port\": 8080 }"))
                .containsExactly("port: unknown key, ignored (did you mean `gateway.port`?)");
    }

    @Test
    void keyAtTheWrongLevelPrefersTheNearestSection() {
        assertThat(warnings("{ \"channels\": { \"telegram\": { \"accounts\": { \"w\": { \"apiBaseUrl\": \"u\" } } } } }"))
                .containsExactly("channels.telegram.accounts.w.apiBaseUrl: unknown key, ignored "
                        + "(did you mean `channels.telegram.apiBaseUrl`?)");
    }

    @Test
    void unknownKeyWithoutNearMatchListsTheKnownKeys() {
        assertThat(warnings("{ \"agent\": { \"queue\": { \"zzzzzz\": 1 } } }"))
                .containsExactly("agent.queue.zzzzzz: unknown key, ignored (known keys here: mode, maxPerSession)");
    }

    @Test
    void freeFormMapKeysAreAcceptedAndTheirValuesChecked() {
        LoadedConfig loaded = ConfigLoader.parseLoaded("""
                { "roles": { "capabilities": { "mentor": { "skills": ["s"], "skilz": [] } } },
                  "channels": { "telegram": { "groups": { "-100123": { "requireMention": false } },
                                              "accounts": { "work": { "dmPolicy": "open" } } } } }
                """, Map.of());

        assertThat(loaded.config().roles().capabilities().get("mentor").skills()).containsExactly("s");
        assertThat(loaded.config().channels().telegram().groups().get("-100123").requireMention()).isFalse();
        assertThat(loaded.config().channels().telegram().accounts().get("work").dmPolicy()).isEqualTo("open");
        assertThat(loaded.warnings()).containsExactly(
                "roles.capabilities.mentor.skilz: unknown key, ignored (did you mean `roles.capabilities.mentor.skills`?)");
    }

    @Test
    void disallowedValueNamesPathAndAllowedValues() {
        assertThat(problems("{ \"gateway\": { \"bind\": \"everywhere\" } }"))
                .containsExactly("gateway.bind: \"everywhere\" is not allowed; use one of loopback, lan, auto");
    }

    @Test
    void metricsPublicAndLoggingFormatAreKnownAndChecked() {
        LoadedConfig loaded = ConfigLoader.parseLoaded("{ \"metrics\": { \"public\": true }, \"logging\": { \"format\": \"json\" } }",
                Map.of());
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().metrics().open()).isTrue();
        assertThat(loaded.config().logging().format()).isEqualTo("json");
        assertThat(GatewayConfig.defaults().metrics().open()).isFalse();
        assertThat(GatewayConfig.defaults().logging().format()).isEqualTo("text");
        assertThat(problems("{ \"logging\": { \"format\": \"xml\" } }"))
                .containsExactly("logging.format: \"xml\" is not allowed; use one of text, json");
        assertThat(problems("{ \"metrics\": { \"public\": \"yes\" } }")).singleElement().asString()
                .startsWith("metrics.public");
    }

    @Test
    void everyEnumeratedOptionIsChecked() {
        List<String> found = problems("""
                { "gateway": { "auth": { "mode": "x" } },
                  "agent": { "thinkingLevel": "x", "dmScope": "x", "queue": { "mode": "x" } },
                  "roles": { "mergeMode": "x" },
                  "channels": {
                    "telegram": { "dmPolicy": "x", "streamingMode": "x",
                                  "accounts": { "a": { "dmPolicy": "x", "streamingMode": "x" } } },
                    "discord": { "dmPolicy": "x", "streamingMode": "x" },
                    "feishu": { "dmPolicy": "x", "streamingMode": "x" },
                    "webchat": { "auth": { "mode": "x" } } },
                  "cron": { "jobs": [ { "id": "j", "delivery": "x", "schedule": { "kind": "x" } } ] } }
                """);

        assertThat(found).extracting(line -> line.substring(0, line.indexOf(':'))).containsExactlyInAnyOrder(
                "gateway.auth.mode", "agent.thinkingLevel", "agent.dmScope", "agent.queue.mode", "roles.mergeMode",
                "channels.telegram.dmPolicy", "channels.telegram.streamingMode",
                "channels.telegram.accounts.a.dmPolicy", "channels.telegram.accounts.a.streamingMode",
                "channels.discord.dmPolicy", "channels.discord.streamingMode",
                "channels.feishu.dmPolicy", "channels.feishu.streamingMode",
                "channels.webchat.auth.mode", "cron.jobs[0].delivery", "cron.jobs[0].schedule.kind");
        assertThat(found).contains(
                "agent.thinkingLevel: \"x\" is not allowed; use one of off, minimal, low, medium, high, xhigh",
                "agent.dmScope: \"x\" is not allowed; use one of main, per-peer, per-channel-peer, per-account-channel-peer",
                "agent.queue.mode: \"x\" is not allowed; use one of steer, followup, collect, interrupt",
                "channels.discord.streamingMode: \"x\" is not allowed; use one of off, partial, block, draft",
                "channels.feishu.dmPolicy: \"x\" is not allowed; use one of pairing, allowlist, open, disabled",
                "cron.jobs[0].delivery: \"x\" is not allowed; use one of announce, direct, silent",
                "cron.jobs[0].schedule.kind: \"x\" is not allowed; use one of cron, every, at",
                "roles.mergeMode: \"x\" is not allowed; use one of append, replace",
                "gateway.auth.mode: \"x\" is not allowed; use one of off, token, password");
    }

    @Test
    void wrongTypesNamePathAndExpectation() {
        assertThat(problems("""
                { "gateway": { "port": "abc", "allowedOrigins": "http://x" },
                  "agent": { "pool": { "max": 2.5 }, "queue": 3 },
                  "hooks": { "enabled": "yes" },
                  "channels": { "telegram": { "botToken": { "nested": 1 } } } }
                """)).containsExactly(
                "gateway.port: expected a whole number, got \"abc\"",
                "gateway.allowedOrigins: expected a list, got \"http://x\"",
                "agent.pool.max: expected a whole number, got 2.5",
                "agent.queue: expected an object, got 3",
                "hooks.enabled: expected true or false, got \"yes\"",
                "channels.telegram.botToken: expected a string, got an object");
    }

    @Test
    void drainTimeoutHasADefaultAndABound() {
        assertThat(ConfigLoader.parse("{}", Map.of()).gateway().drainTimeoutMs()).isEqualTo(60_000);
        assertThat(ConfigLoader.parse("{ \"gateway\": { \"drainTimeoutMs\": 0 } }", Map.of()).gateway()
                .drainTimeoutMs()).isZero();
        assertThat(problems("{ \"gateway\": { \"drainTimeoutMs\": -1 } }")).containsExactly(
                "gateway.drainTimeoutMs: -1 is not allowed; use 0..3600000 (0: stop without waiting for turns in flight)");
    }

    @Test
    void numbersWhereTextBelongsAreAccepted() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "telegram": { "allowlist": [123456789, "42"] } } }
                """, Map.of());

        assertThat(config.channels().telegram().allowlist()).containsExactly("123456789", "42");
    }

    @Test
    void nullMeansDefaultButNullEntriesInListsAndMapsAreErrors() {
        assertThat(ConfigLoader.parse("{ \"gateway\": { \"port\": null, \"auth\": null } }", Map.of()))
                .isEqualTo(GatewayConfig.defaults());
        assertThat(problems("{ \"plugins\": [\"a\", null], \"roles\": { \"capabilities\": { \"r\": null } } }"))
                .containsExactly("plugins[1]: must not be null; remove the entry instead",
                        "roles.capabilities.r: must not be null; remove the entry instead");
    }

    @Test
    void portMustBeInRange() {
        assertThat(problems("{ \"gateway\": { \"port\": 0 } }"))
                .containsExactly("gateway.port: 0 is not allowed; use 1..65535");
        assertThat(problems("{ \"gateway\": { \"port\": 65536 } }"))
                .containsExactly("gateway.port: 65536 is not allowed; use 1..65535");
        assertThat(ConfigLoader.parse("{ \"gateway\": { \"port\": 65535 } }", Map.of()).gateway().port()).isEqualTo(65535);
    }

    @Test
    void poolQueueAndTimeoutLimits() {
        assertThat(problems("""
                { "agent": { "pool": { "min": -1, "max": 0 }, "queue": { "maxPerSession": 0 }, "turnTimeoutMs": 0 } }
                """)).containsExactly(
                "agent.pool.min: -1 is not allowed; use a number >= 0",
                "agent.pool.max: 0 is not allowed; use a number >= 1",
                "agent.queue.maxPerSession: 0 is not allowed; use a number >= 1",
                "agent.turnTimeoutMs: 0 is not allowed; use a number >= 1");
    }

    @Test
    void poolMinMayNotExceedMaxIncludingTheDefaultMax() {
        assertThat(problems("{ \"agent\": { \"pool\": { \"min\": 5 } } }"))
                .containsExactly("agent.pool.min: 5 is larger than agent.pool.max (4); use min <= max");
        assertThat(ConfigLoader.parse("{ \"agent\": { \"pool\": { \"min\": 0, \"max\": 1 } } }", Map.of())
                .agent().pool().min()).isZero();
    }

    @Test
    void errorsOfAllKindsAreReportedTogether() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                { "gateway": { "bind": "everywhere", "port": 70000 },
                  "agent": { "pool": { "max": "many" } },
                  "channels": { "discord": { "enabled": true, "token": "${DISCORD_TOKEN}" } } }
                """, Map.of()));

        assertThat(error.problems()).containsExactly(
                "channels.discord.token: environment variable DISCORD_TOKEN is not set (set it or use ${DISCORD_TOKEN:-default})",
                "gateway.bind: \"everywhere\" is not allowed; use one of loopback, lan, auto",
                "agent.pool.max: expected a whole number, got \"many\"",
                "gateway.port: 70000 is not allowed; use 1..65535");
        assertThat(error.getMessage().lines()).hasSize(5);
    }

    @Test
    void validConfigBindsEverySection() {
        GatewayConfig config = ConfigLoader.parse("""
                { "gateway": { "bind": "lan", "auth": { "mode": "password", "password": "pass-phrase-12" } },
                  "agent": { "model": "m", "modelFailover": { "fallbacks": ["a", "b"] }, "thinkingLevel": "xhigh" },
                  "cron": { "enabled": true, "jobs": [ { "id": "j", "schedule": { "kind": "every", "expr": "1h" } } ] },
                  "plugins": ["p.jar"],
                  "security": { "ssrfGuard": { "allowedHosts": ["api.example.com"] } } }
                """, Map.of());

        assertThat(config.gateway().bind()).isEqualTo("lan");
        assertThat(config.gateway().auth().password()).isEqualTo("pass-phrase-12");
        assertThat(config.agent().modelFailover().fallbacks()).containsExactly("a", "b");
        assertThat(config.agent().thinkingLevel()).isEqualTo("xhigh");
        assertThat(config.cron().jobs()).singleElement()
                .satisfies(job -> assertThat(job.schedule().kind()).isEqualTo("every"))
                .satisfies(job -> assertThat(job.delivery()).isEqualTo("announce"));
        assertThat(config.plugins()).containsExactly("p.jar");
        assertThat(config.security().ssrfGuard().allowedHosts()).containsExactly("api.example.com");
    }

    @Test
    void aMalformedBotTokenIsNamedByKeyWithoutPrintingIt() {
        ConfigException error = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("""
                        { "channels": { "telegram": { "enabled": true, "botToken": "${TOKEN}" } } }
                        """, Map.of("TOKEN", "123456:AAHsecretPartOfTheToken\r")));
        assertThat(error.problems()).singleElement().asString()
                .startsWith("channels.telegram.botToken: not a Telegram bot token").contains("line break")
                .doesNotContain("AAHsecret");
    }
}
