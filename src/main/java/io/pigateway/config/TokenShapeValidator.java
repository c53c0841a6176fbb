package io.pigateway.config;

import io.pigateway.config.ChannelsConfig.TelegramConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bot tokens of enabled channels have the provider's shape. A stray {@code \r}, space or quote
 * (pasted from a file) would otherwise surface later inside a URL error message, token and all;
 * here the error names the key and the fix and never the token.
 */
final class TokenShapeValidator {
    /** {@code <bot id>:<secret>} as BotFather hands it out. */
    private static final Pattern TELEGRAM = Pattern.compile("\\d+:[A-Za-z0-9_-]+");

    private TokenShapeValidator() {
    }

    static void validate(GatewayConfig config, List<String> errors) {
        TelegramConfig telegram = config.channels().telegram();
        if (!telegram.enabled()) {
            return;
        }
        check("channels.telegram.botToken", telegram.botToken(), errors);
        telegram.accounts().forEach((id, account) -> {
            if (account.enabled()) {
                check("channels.telegram.accounts." + id + ".botToken", account.botToken(), errors);
            }
        });
    }

    private static void check(String key, String token, List<String> errors) {
        if (token != null && !token.contains("${") && !TELEGRAM.matcher(token).matches()) {
            errors.add(key + ": not a Telegram bot token (expected <digits>:<letters, digits, _ or ->, as BotFather"
                    + " gives it; look for a stray space, quote or line break)");
        }
    }
}
