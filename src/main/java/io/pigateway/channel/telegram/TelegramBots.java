package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pigateway.config.ChannelsConfig.GroupConfig;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.cluster.LeaderOnly;
import io.pigateway.store.StateStore;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Telegram bots, one per account. Connects an account (getMe, the command menu, then
 * its webhook or a long-polling thread) and disconnects it, each alone, so a config reload can add,
 * remove or re-token one account while the others keep running. The clients map is live: the
 * outbound side sends through whatever account runs now.
 */
final class TelegramBots {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBots.class);
    private static final long POLLER_STOP_MS = 5_000;

    private final String apiBaseUrl;
    private final TelegramRetry retry;
    private final StateStore store;
    private final Supplier<Map<String, GroupConfig>> groups;
    private final Supplier<Collection<ChatCommand>> commands;
    private final Map<String, TelegramAccountSettings> connected = new ConcurrentHashMap<>();
    private final Map<String, TelegramBotApi> apis = new ConcurrentHashMap<>();
    private final Map<String, TelegramUpdateTranslator> translators = new ConcurrentHashMap<>();
    private final Map<String, TelegramPoller> pollers = new ConcurrentHashMap<>();
    private final io.pigateway.core.channel.AccountParking parking =
            new io.pigateway.core.channel.AccountParking(TelegramChannel.NAME);
    /** Each polling account's place in the leader election: only the leader's poller runs. */
    private final Map<String, LeaderOnly> polling = new ConcurrentHashMap<>();
    private volatile CamelContext camel;
    private volatile Function<String, Runnable> takeOver = id -> () -> { };

    /** @param groups the running config's groups (each account's translator reads them per update) */
    TelegramBots(String apiBaseUrl, TelegramRetry retry, StateStore store, Supplier<Map<String, GroupConfig>> groups,
                 Supplier<Collection<ChatCommand>> commands) {
        this.apiBaseUrl = apiBaseUrl;
        this.retry = retry;
        this.store = store;
        this.groups = groups;
        this.commands = commands;
    }

    /** The clients by account id, live (for {@link TelegramOutbound}). */
    Map<String, TelegramBotApi> apis() {
        return apis;
    }

    /**
     * Set before {@link #connect}: the context whose cluster service (if any) decides which instance
     * polls, and what an account's new poller does first: {@code takeOver} reads what is left to
     * settle (before the poller takes new messages) and returns the settling, run once it polls.
     */
    void electIn(CamelContext camel, Function<String, Runnable> takeOver) {
        this.camel = camel;
        this.takeOver = takeOver;
    }

    /** A client for an account that is not connected yet: answers can go out before its updates come in. */
    void prepare(TelegramAccountSettings account) {
        apis.put(account.id(), new TelegramBotApi(apiBaseUrl, account.botToken()));
    }

    /**
     * Connects one account: getMe, setMyCommands, then its webhook ({@code webhookSecret}, served by a
     * route that already exists) or a poller handing updates to {@code inbound}.
     */
    void connect(TelegramAccountSettings a, String webhookSecret, TelegramInbound inbound) {
        TelegramBotApi api = apis.computeIfAbsent(a.id(), id -> new TelegramBotApi(apiBaseUrl, a.botToken()));
        JsonNode me = retry.run("getMe", () -> api.call("getMe", api.params()));
        translators.put(a.id(), new TelegramUpdateTranslator(a.id(), me.path("id").asLong(),
                me.path("username").asText(""), groups));
        registerCommands(api);
        if (a.webhook()) {
            var params = api.params().put("url", a.webhookUrl()).put("secret_token", webhookSecret);
            params.putArray("allowed_updates").add("message");
            retry.run("setWebhook", () -> api.call("setWebhook", params));
            LOG.info("Telegram account '{}' (@{}) receives updates by webhook on {}", a.id(),
                    me.path("username").asText(), a.webhookPath());
        } else {
            retry.run("deleteWebhook", () -> api.call("deleteWebhook", api.params()));
            String bot = me.path("username").asText();
            TelegramUpdateTranslator translator = translators.get(a.id());
            // one poller per bot across the gateway instances: getUpdates of two would conflict (409)
            polling.put(a.id(), LeaderOnly.run(camel, "telegram-" + a.id(), () -> {
                Runnable settle = takeOver.apply(a.id());
                TelegramPoller poller = new TelegramPoller(a.id(), api, translator, inbound, store, retry.counters(),
                        parking);
                pollers.put(a.id(), poller);
                poller.start();
                LOG.info("Telegram account '{}' (@{}) is long polling", a.id(), bot);
                settle.run();
            }, () -> stopPoller(a.id())));
        }
        connected.put(a.id(), a);
    }

    /**
     * Disconnects one account: its poller stops (an update it had not handled stays on Telegram's
     * side for the next poller: the offset did not move), its webhook updates are refused, and
     * answers to its chats fail from now on.
     */
    void disconnect(String accountId) {
        TelegramAccountSettings a = connected.remove(accountId);
        translators.remove(accountId);
        LeaderOnly election = polling.remove(accountId);
        if (election != null) {
            election.close(); // stops its poller when it runs here, and lets another instance lead
        }
        TelegramBotApi api = apis.remove(accountId);
        if (a != null && a.webhook() && api != null) {
            try {
                api.call("deleteWebhook", api.params());
            } catch (TelegramApiException e) {
                LOG.warn("Telegram account '{}': could not delete its webhook: {}", accountId, e.getMessage());
            }
        }
        LOG.info("Telegram account '{}' stopped", accountId);
    }

    private void stopPoller(String accountId) {
        TelegramPoller poller = pollers.remove(accountId);
        if (poller != null) {
            poller.stopAndWait(POLLER_STOP_MS); // before a new poller of the same bot starts (409 otherwise)
            LOG.info("Telegram account '{}' stopped polling", accountId);
        }
    }

    /** Every poller stops (the gateway stops); nothing is waited for. */
    void stopAll() {
        pollers.values().forEach(TelegramPoller::stop);
    }

    /** The settings an account was connected with, or null when it does not run. */
    TelegramAccountSettings connected(String accountId) {
        return connected.get(accountId);
    }

    /**
     * Each connected account: a poller's own view, a webhook account up once registered, a polling
     * account without a poller here up too (on standby: another instance leads and polls); parked ones down.
     */
    java.util.List<io.pigateway.core.channel.ChannelStatus> statuses() {
        java.util.List<io.pigateway.core.channel.ChannelStatus> out = new java.util.ArrayList<>();
        connected.values().forEach(a -> {
            TelegramPoller poller = pollers.get(a.id());
            out.add(poller != null ? poller.status() : io.pigateway.core.channel.ChannelStatus.up(a.id(), 0));
        });
        return parking.overlay(out);
    }

    /** Which accounts are parked after a crash loop or a rejected token, and why. */
    io.pigateway.core.channel.AccountParking parking() {
        return parking;
    }

    Set<String> ids() {
        return Set.copyOf(connected.keySet());
    }

    /** The token each connected account runs with (to compare with a reloaded config's). */
    Map<String, String> tokens() {
        Map<String, String> tokens = new java.util.HashMap<>();
        connected.forEach((id, a) -> tokens.put(id, a.botToken()));
        return tokens;
    }

    TelegramBotApi api(String accountId) {
        return apis.get(accountId);
    }

    TelegramUpdateTranslator translator(String accountId) {
        return translators.get(accountId);
    }

    private void registerCommands(TelegramBotApi api) {
        var params = api.params();
        ArrayNode list = params.putArray("commands");
        for (ChatCommand c : commands.get()) {
            list.addObject().put("command", c.name()).put("description", c.description());
        }
        try {
            retry.run("setMyCommands", () -> api.call("setMyCommands", params));
        } catch (TelegramApiException e) {
            LOG.warn("could not register the bot commands: {}", e.getMessage());
        }
    }
}
