package io.pigateway.channel.discord;

import io.pigateway.config.ChannelsConfig.DiscordAccount;
import io.pigateway.config.ChannelsConfig.DiscordConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Discord bot as it runs: the top-level token is the {@code default} account, each enabled
 * entry of {@code accounts} another; unset account fields inherit the channel's.
 */
record DiscordAccountSettings(String id, String token, String dmPolicy, List<String> allowlist, String streamingMode) {

    static Map<String, DiscordAccountSettings> from(DiscordConfig config) {
        Map<String, DiscordAccountSettings> accounts = new LinkedHashMap<>();
        if (config.token() != null && !config.token().isBlank()) {
            accounts.put("default", new DiscordAccountSettings("default", config.token(), config.dmPolicy(),
                    config.allowlist(), config.streamingMode()));
        }
        config.accounts().forEach((id, a) -> {
            if (a.enabled() && a.token() != null && !a.token().isBlank()) {
                accounts.put(id, inherit(id, a, config));
            }
        });
        return accounts;
    }

    private static DiscordAccountSettings inherit(String id, DiscordAccount a, DiscordConfig c) {
        return new DiscordAccountSettings(id, a.token(), a.dmPolicy() != null ? a.dmPolicy() : c.dmPolicy(),
                a.allowlist() != null ? a.allowlist() : c.allowlist(),
                a.streamingMode() != null ? a.streamingMode() : c.streamingMode());
    }
}
