package io.pigateway.channel.telegram;

import io.pigateway.config.ChannelsConfig.TelegramAccount;
import io.pigateway.config.ChannelsConfig.TelegramConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bot's effective settings: the top-level {@code botToken} is account {@code default};
 * {@code accounts.{id}} add bots whose unset fields inherit the channel's.
 */
public record TelegramAccountSettings(String id, String botToken, String webhookUrl, String webhookSecret,
                                      String dmPolicy, List<String> allowlist, String streamingMode) {

    public boolean webhook() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** The path the gateway serves this account's webhook on. */
    public String webhookPath() {
        return "/telegram/" + id;
    }

    /** Every enabled account with a token, {@code default} first. */
    public static Map<String, TelegramAccountSettings> from(TelegramConfig c) {
        Map<String, TelegramAccountSettings> accounts = new LinkedHashMap<>();
        if (c.botToken() != null && !c.botToken().isBlank()) {
            accounts.put("default", new TelegramAccountSettings("default", c.botToken(), c.webhookUrl(),
                    c.webhookSecret(), c.dmPolicy(), c.allowlist(), c.streamingMode()));
        }
        c.accounts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            TelegramAccount a = e.getValue();
            if (Boolean.TRUE.equals(a.enabled()) && a.botToken() != null && !a.botToken().isBlank()) {
                accounts.put(e.getKey(), new TelegramAccountSettings(e.getKey(), a.botToken(), a.webhookUrl(),
                        a.webhookSecret() != null ? a.webhookSecret() : c.webhookSecret(),
                        a.dmPolicy() != null ? a.dmPolicy() : c.dmPolicy(),
                        a.allowlist() != null ? a.allowlist() : c.allowlist(),
                        a.streamingMode() != null ? a.streamingMode() : c.streamingMode()));
            }
        });
        return accounts;
    }

    @Override
    public String toString() {
        return "TelegramAccountSettings[" + id + (webhook() ? ", webhook" : ", polling") + "]"; // never the token
    }
}
