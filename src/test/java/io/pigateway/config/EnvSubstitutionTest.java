package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    @Test
    void setVariableIsSubstituted() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "telegram": { "enabled": true, "botToken": "${TELEGRAM_BOT_TOKEN}" } } }
                """, Map.of("TELEGRAM_BOT_TOKEN", "123:abc"));

        assertThat(config.channels().telegram().botToken()).isEqualTo("123:abc");
    }

    @Test
    void theNamesTheConfigReadAreRecordedSoTheAgentNeverInheritsThem() {
        LoadedConfig loaded = ConfigLoader.parseLoaded("""
                { "channels": { "telegram": { "enabled": true, "botToken": "${TELEGRAM_BOT_TOKEN}" },
                                "discord": { "token": "${DISCORD_TOKEN}" } },
                  "agent": { "model": "${MODEL:-m}", "appendSystemPrompt": "$${NOT_A_REFERENCE}" } }
                """, Map.of("TELEGRAM_BOT_TOKEN", "123:abc"));

        // unset and defaulted ones too: a variable set later must not leak either
        assertThat(loaded.substitutedEnv()).containsExactlyInAnyOrder("TELEGRAM_BOT_TOKEN", "DISCORD_TOKEN", "MODEL");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmptyAndIsIgnoredWhenSet() {
        String text = """
                { "agent": { "model": "${MODEL:-claude-sonnet-4}" } }
                """;

        assertThat(ConfigLoader.parse(text, Map.of()).agent().model()).isEqualTo("claude-sonnet-4");
        assertThat(ConfigLoader.parse(text, Map.of("MODEL", "")).agent().model()).isEqualTo("claude-sonnet-4");
        assertThat(ConfigLoader.parse(text, Map.of("MODEL", "gpt-4o")).agent().model()).isEqualTo("gpt-4o");
    }

    @Test
    void severalReferencesInOneStringAndInLists() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "telegram": {
                    "enabled": true,
                    "botToken": "1:t",
                    "webhookUrl": "https://${HOST}:${PORT:-8443}/tg/${PATH_PART}",
                    "allowlist": ["${ADMIN}", "42"]
                } } }
                """, Map.of("HOST", "example.com", "PATH_PART", "x", "ADMIN", "7"));

        assertThat(config.channels().telegram().webhookUrl()).isEqualTo("https://example.com:8443/tg/x");
        assertThat(config.channels().telegram().allowlist()).containsExactly("7", "42");
    }

    @Test
    void substitutedStringsAreCoercedToNumbersAndBooleans() {
        GatewayConfig config = ConfigLoader.parse("""
                { "gateway": { "port": "${PORT:-52134}" }, "hooks": { "enabled": "${HOOKS:-false}" } }
                """, Map.of("PORT", "9000"));

        assertThat(config.gateway().port()).isEqualTo(9000);
        assertThat(config.hooks().enabled()).isFalse();
    }

    @Test
    void doubleDollarEscapesALiteralReference() {
        GatewayConfig config = ConfigLoader.parse("""
                { "agent": { "appendSystemPrompt": "cost is $${PRICE} today" } }
                """, Map.of("PRICE", "should-not-appear"));

        assertThat(config.agent().appendSystemPrompt()).isEqualTo("cost is ${PRICE} today");
    }

    @Test
    void unsetVariableInEnabledSectionIsAnErrorNamingTheKeyPath() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                { "channels": { "telegram": { "enabled": true, "botToken": "${TELEGRAM_BOT_TOKEN}" } } }
                """, Map.of()));

        assertThat(error.problems()).containsExactly("channels.telegram.botToken: environment variable "
                + "TELEGRAM_BOT_TOKEN is not set (set it or use ${TELEGRAM_BOT_TOKEN:-default})");
    }

    @Test
    void unsetVariableInExplicitlyDisabledSectionStaysUnresolved() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "discord": { "enabled": false, "token": "${DISCORD_TOKEN}" } } }
                """, Map.of());

        assertThat(config.channels().discord().token()).isEqualTo("${DISCORD_TOKEN}");
    }

    @Test
    void unsetVariableInChannelWithoutEnabledUsesTheChannelDefaultOfOff() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "feishu": { "appSecret": "${FEISHU_APP_SECRET}" } } }
                """, Map.of());

        assertThat(config.channels().feishu().enabled()).isFalse();
        assertThat(config.channels().feishu().appSecret()).isEqualTo("${FEISHU_APP_SECRET}");
    }

    @Test
    void disabledParentCoversNestedSectionsEvenIfTheyAreEnabled() {
        GatewayConfig config = ConfigLoader.parse("""
                { "channels": { "telegram": { "enabled": false,
                    "accounts": { "work": { "enabled": true, "botToken": "${WORK_BOT_TOKEN}" } } } } }
                """, Map.of());

        assertThat(config.channels().telegram().accounts().get("work").botToken()).isEqualTo("${WORK_BOT_TOKEN}");
    }

    @Test
    void disabledAccountInEnabledChannelIsLenientButItsSiblingIsNot() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                { "channels": { "telegram": { "enabled": true, "botToken": "1:main",
                    "accounts": {
                      "old": { "enabled": false, "botToken": "${OLD_TOKEN}" },
                      "work": { "botToken": "${WORK_BOT_TOKEN}" }
                    } } } }
                """, Map.of()));

        assertThat(error.problems()).singleElement().asString()
                .startsWith("channels.telegram.accounts.work.botToken: environment variable WORK_BOT_TOKEN");
    }

    @Test
    void enabledFlagItselfMayComeFromTheEnvironment() {
        String text = """
                { "hooks": { "enabled": "${HOOKS_ENABLED:-false}", "token": "${HOOKS_TOKEN}" } }
                """;

        assertThat(ConfigLoader.parse(text, Map.of()).hooks().token()).isEqualTo("${HOOKS_TOKEN}");
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(text, Map.of("HOOKS_ENABLED", "true")));
        assertThat(error.problems()).singleElement().asString().startsWith("hooks.token: environment variable HOOKS_TOKEN");
    }

    @Test
    void everyUnsetVariableIsReportedOnePerLine() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                { "gateway": { "port": "${PORT}", "auth": { "token": "${API_TOKEN}" } },
                  "hooks": { "enabled": true, "token": "${HOOK_TOKEN}" } }
                """, Map.of()));

        assertThat(error.problems()).containsExactly(
                "gateway.port: environment variable PORT is not set (set it or use ${PORT:-default})",
                "gateway.auth.token: environment variable API_TOKEN is not set (set it or use ${API_TOKEN:-default})",
                "hooks.token: environment variable HOOK_TOKEN is not set (set it or use ${HOOK_TOKEN:-default})");
        assertThat(error.getMessage()).contains(String.join("\n  ", error.problems()));
    }
}
