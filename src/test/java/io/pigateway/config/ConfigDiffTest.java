package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static GatewayConfig parse(String jsonc) {
        return ConfigLoader.parse(jsonc, Map.of());
    }

    @Test
    void liveKeysAreAppliedAndTheRestNeedsARestart() {
        GatewayConfig before = parse("""
                { "gateway": { "port": 1000, "dataDir": "/tmp/a" }, "agent": { "model": "a/x", "pool": { "max": 2 }, "queue": { "mode": "collect" } },
                  "channels": { "telegram": { "enabled": false, "dmPolicy": "pairing" } } }""");
        GatewayConfig after = parse("""
                { "gateway": { "port": 1001, "dataDir": "/tmp/b" }, "agent": { "model": "a/y", "pool": { "max": 3 }, "queue": { "mode": "steer" } },
                  "channels": { "telegram": { "enabled": false, "dmPolicy": "open", "allowlist": ["7"] } } }""");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.applied()).containsExactly("agent.model", "agent.pool.max", "agent.queue.mode",
                "channels.telegram.allowlist", "channels.telegram.dmPolicy");
        assertThat(diff.restartNeeded()).containsExactly("gateway.dataDir", "gateway.port");
    }

    @Test
    void theLogFormatAppliesAtOnceAndPublicMetricsWaitForARestart() {
        ConfigDiff diff = ConfigDiff.between(parse("{}"),
                parse("{ \"logging\": { \"format\": \"json\" }, \"metrics\": { \"public\": true } }"));

        assertThat(diff.applied()).containsExactly("logging.format");
        assertThat(diff.restartNeeded()).containsExactly("metrics.public");
    }

    @Test
    void anAddedAccountIsJudgedLeafByLeaf() {
        GatewayConfig before = parse("{ \"channels\": { \"telegram\": { \"botToken\": \"1:a\" } } }");
        GatewayConfig after = parse("""
                { "channels": { "telegram": { "botToken": "1:a", "accounts": {
                    "work": { "botToken": "2:b", "streamingMode": "off" },
                    "hook": { "botToken": "3:c", "webhookUrl": "https://bot.example.org/telegram/hook" } } } } }""");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.applied()).containsExactly("channels.telegram.accounts.hook.botToken",
                "channels.telegram.accounts.hook.enabled", "channels.telegram.accounts.hook.webhookUrl",
                "channels.telegram.accounts.work.botToken", "channels.telegram.accounts.work.enabled",
                "channels.telegram.accounts.work.streamingMode");
        assertThat(diff.restartNeeded()).as("one route serves every webhook account").isEmpty();
    }

    @Test
    void feishuCredentialsAndTheDrainTimeoutApplyAtOnceButNotTheCallbackSecrets() {
        GatewayConfig before = parse("""
                { "gateway": { "drainTimeoutMs": 60000 }, "channels": { "feishu": { "appId": "cli_a", "appSecret": "s1",
                  "verificationToken": "v1" } } }""");
        GatewayConfig after = parse("""
                { "gateway": { "drainTimeoutMs": 5000 }, "channels": { "feishu": { "appId": "cli_b", "appSecret": "s2",
                  "domain": "lark", "verificationToken": "v2" } } }""");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.applied()).containsExactly("channels.feishu.appId", "channels.feishu.appSecret",
                "channels.feishu.domain", "gateway.drainTimeoutMs");
        assertThat(diff.restartNeeded()).containsExactly("channels.feishu.verificationToken");
    }

    @Test
    void aYamlChannelIsReportedUnderItsOwnKey() {
        GatewayConfig before = parse("{ \"channels\": { \"filechan\": { \"dmPolicy\": \"open\" } } }");
        GatewayConfig after = parse("{ \"channels\": { \"filechan\": { \"dmPolicy\": \"allowlist\" } } }");

        assertThat(ConfigDiff.between(before, after).applied()).containsExactly("channels.filechan.dmPolicy");
    }

    @Test
    void anUnchangedFileChangesNothing() {
        String text = "{ \"agent\": { \"model\": \"a/x\" } }";
        assertThat(ConfigDiff.between(parse(text), parse(text)).isEmpty()).isTrue();
    }
}
