package io.pigateway.channel.telegram;

import io.pigateway.security.GatewayToken;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts served by webhook now, each with the secret Telegram must present and its public
 * path ({@code /telegram/<account>}). One route serves them all and reads this per request, so an
 * account that a config reload adds, re-keys or removes is served, re-keyed or refused at once.
 */
final class TelegramWebhookAccounts {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> paths = ConcurrentHashMap.newKeySet();

    /** Serves {@code a}'s webhook from now on; returns its secret (the configured one, else a random one). */
    String serve(TelegramAccountSettings a) {
        String secret = a.webhookSecret() != null && !a.webhookSecret().isBlank() ? a.webhookSecret()
                : GatewayToken.randomToken();
        secrets.put(a.id(), secret);
        paths.add(a.webhookPath());
        return secret;
    }

    /** Stops serving the account's webhook (its path needs the gateway token again). */
    void forget(TelegramAccountSettings a) {
        secrets.remove(a.id());
        paths.remove(a.webhookPath());
    }

    /** The account's secret, or null when it is not served by webhook. */
    String secretOf(String accountId) {
        return secrets.get(accountId);
    }

    /** The webhook paths, a live view (the gateway's HTTP gate keeps it). */
    Set<String> publicPaths() {
        return Collections.unmodifiableSet(paths);
    }

    /**
     * What a reload compares per account: its token and, for a webhook, the URL and secret; a change
     * in any of them reconnects the account (setWebhook again). Held in memory only, never logged.
     */
    static String signature(TelegramAccountSettings a) {
        return a.webhook() ? a.botToken() + "\n" + a.webhookUrl() + "\n" + a.webhookSecret() : a.botToken();
    }
}
