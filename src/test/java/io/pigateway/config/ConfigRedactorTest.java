package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRedactorTest {

    private static final Map<String, String> ENV = Map.of(
            "TELEGRAM_BOT_TOKEN", "123456:tg-bot-token-value",
            "WORK_BOT_TOKEN", "999:work-token-value",
            "DISCORD_TOKEN", "discord-token-value",
            "FEISHU_APP_SECRET", "feishu-app-secret-value");

    private static final List<String> SECRETS = List.of("123456:tg-bot-token-value", "999:work-token-value",
            "discord-token-value", "feishu-app-secret-value", "api-token-value-0123456789abcdefghij", "api-password-value",
            "webchat-token-value", "webhook-secret-value-0123456789abcdefghij", "verify-token-value", "encrypt-key-value",
            "hooks-token-value-0123456789abcdefghij");

    private static GatewayConfig configWithEverySecret() {
        return ConfigLoader.parse("""
                { "gateway": { "auth": { "mode": "token", "token": "api-token-value-0123456789abcdefghij", "password": "api-password-value" } },
                  "channels": {
                    "telegram": { "enabled": true, "botToken": "${TELEGRAM_BOT_TOKEN}",
                      "webhookUrl": "https://example.com/tg/${TELEGRAM_BOT_TOKEN}/hook",
                      "webhookSecret": "webhook-secret-value-0123456789abcdefghij",
                      "accounts": { "work": { "botToken": "${WORK_BOT_TOKEN}" } } },
                    "discord": { "enabled": true, "token": "${DISCORD_TOKEN}" },
                    "feishu": { "enabled": true, "appId": "cli_app", "appSecret": "${FEISHU_APP_SECRET}",
                      "verificationToken": "verify-token-value", "encryptKey": "encrypt-key-value" },
                    "webchat": { "auth": { "mode": "password", "password": "webchat-token-value" } } },
                  "hooks": { "enabled": true, "token": "hooks-token-value-0123456789abcdefghij" },
                  "cron": { "jobs": [ { "id": "j", "sessionKey": "agent:main:telegram:dm:1", "task": "t" } ] } }
                """, ENV);
    }

    @Test
    void noSecretValueAppearsAnywhereInTheRedactedJson() {
        String json = ConfigRedactor.redact(configWithEverySecret()).toString();

        for (String secret : SECRETS) {
            assertThat(json).doesNotContain(secret);
        }
        assertThat(json).doesNotContain("tg-bot-token");
    }

    @Test
    void secretsBecomeMaskAndOtherValuesStay() {
        JsonNode redacted = ConfigRedactor.redact(configWithEverySecret());

        assertThat(redacted.at("/gateway/auth/token").asText()).isEqualTo("***");
        assertThat(redacted.at("/gateway/auth/mode").asText()).isEqualTo("token");
        assertThat(redacted.at("/channels/telegram/botToken").asText()).isEqualTo("***");
        assertThat(redacted.at("/channels/telegram/accounts/work/botToken").asText()).isEqualTo("***");
        assertThat(redacted.at("/channels/feishu/appId").asText()).isEqualTo("cli_app");
        assertThat(redacted.at("/channels/feishu/encryptKey").asText()).isEqualTo("***");
        assertThat(redacted.at("/gateway/port").asInt()).isEqualTo(GatewayConfig.GatewaySection.DEFAULT_PORT);
        assertThat(redacted.at("/cron/jobs/0/sessionKey").asText()).isEqualTo("agent:main:telegram:dm:1");
    }

    @Test
    void secretInsideAnotherStringIsMaskedInPlace() {
        JsonNode redacted = ConfigRedactor.redact(configWithEverySecret());

        assertThat(redacted.at("/channels/telegram/webhookUrl").asText()).isEqualTo("https://example.com/tg/***/hook");
    }

    @Test
    void unsetSecretsStayNull() {
        JsonNode redacted = ConfigRedactor.redact(GatewayConfig.defaults());

        assertThat(redacted.at("/gateway/auth/token").isNull()).isTrue();
        assertThat(redacted.at("/channels/telegram/botToken").isNull()).isTrue();
        assertThat(redacted.at("/channels/webchat/auth").isNull()).isTrue();
    }

    @Test
    void secretKeyNamesFollowTheNamingRule() {
        assertThat(List.of("token", "botToken", "password", "appSecret", "webhookSecret", "encryptKey",
                "verificationToken", "apiKey", "secret", "refreshTOKEN", "clientSecret", "adminPassword", "privateKey"))
                .allMatch(ConfigRedactor::isSecretKey);
        assertThat(List.of("mode", "appId", "webhookUrl", "tokenizer", "sessionKey", "dmPolicy"))
                .noneMatch(ConfigRedactor::isSecretKey);
    }
}
