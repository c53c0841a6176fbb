package io.pigateway.channel.feishu;

import io.pigateway.config.ChannelsConfig.FeishuConfig;
import io.pigateway.core.channel.ChannelCounters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The Feishu API client in use, with the app credentials it was made from. A config reload with
 * other credentials (app id, app secret, domain or API base URL) builds a new client, with an
 * empty tenant token cache, and swaps it in one step: every call that starts afterwards (sends,
 * downloads, bot info) uses it, while an answer already streaming keeps the client it started with
 * (its cards belong to that app).
 */
final class FeishuClients {
    /** One client and the outbound calls made through it. */
    record Client(String baseUrl, String appId, String appSecret, FeishuApi api, FeishuOutbound outbound) {
        static Client of(FeishuConfig config, ChannelCounters counters) {
            FeishuApi api = new FeishuApi(config.baseUrl(), config.appId(), config.appSecret());
            api.countInto(counters);
            return new Client(config.baseUrl(), config.appId(), config.appSecret(), api, new FeishuOutbound(api));
        }

        boolean sameCredentials(FeishuConfig config) {
            return baseUrl.equals(config.baseUrl()) && appId.equals(config.appId())
                    && MessageDigest.isEqual(bytes(appSecret), bytes(config.appSecret())); // constant time
        }

        @Override
        public String toString() { // never the secret
            return "Client[" + appId + " at " + baseUrl + "]";
        }
    }

    private final ChannelCounters counters = new ChannelCounters(); // outlives a credentials swap
    private volatile Client current;

    FeishuClients(FeishuConfig config) {
        this.current = Client.of(config, counters);
    }

    /** Failed calls and rate limits of every client this channel used ({@code /metrics}). */
    ChannelCounters counters() {
        return counters;
    }

    Client current() {
        return current;
    }

    FeishuApi api() {
        return current.api();
    }

    FeishuOutbound outbound() {
        return current.outbound();
    }

    /**
     * Builds a new client when {@code fresh} names other credentials; returns whether it did. A
     * section without an app id or secret keeps the running client (validation refuses it first).
     */
    synchronized boolean update(FeishuConfig fresh) {
        if (blank(fresh.appId()) || blank(fresh.appSecret()) || current.sameCredentials(fresh)) {
            return false;
        }
        current = Client.of(fresh, counters);
        return true;
    }

    private static byte[] bytes(String s) {
        return Objects.requireNonNullElse(s, "").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
