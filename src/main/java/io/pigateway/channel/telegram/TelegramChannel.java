package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.config.ChannelsConfig.TelegramConfig;
import io.pigateway.core.ChatScope;
import io.pigateway.core.channel.AccountChanges;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.cluster.LeaderOnly;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.InboundPolicy;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.ChannelRecovery;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram channel: one bot per account, long polling or webhook
 * ({@code platform-http:/telegram/<account>}), answers rendered through {@code direct:outbound} →
 * {@code direct:outbound-telegram}. Registered by {@link TelegramModule}; its routes run before
 * {@link #start} connects the accounts. A config reload ({@link #reconfigure}) starts, stops or
 * restarts one account alone; streaming modes, groups and DM policies are read per message.
 */
public final class TelegramChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramChannel.class);
    public static final String NAME = "telegram";
    public static final String OUTBOUND = OutboundRoutes.channelEndpoint(NAME);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramConfig config;
    private final Path dataDir;
    private final StateStore store;
    private volatile PolicyCache policyCache;
    /** The accounts served by webhook now (one route serves them all; a reload changes them). */
    private final TelegramWebhookAccounts webhooks = new TelegramWebhookAccounts();
    /** The secret each webhook account was connected with (random ones are made once per connect). */
    private final Map<String, String> webhookSecrets = new HashMap<>();
    private final TelegramBots bots;
    private final TelegramOutbound outbound;
    private final io.pigateway.core.channel.ChannelCounters counters = new io.pigateway.core.channel.ChannelCounters();
    private final TelegramRetry retry = new TelegramRetry(5, 500, counters);
    /** Answers get longer than set-up calls: a 5xx burst of a minute must not lose one (0.5 s doubling to 30 s). */
    private final TelegramRetry sendRetry = new TelegramRetry(8, 500, counters);
    private final ExecutorService deliveries = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "telegram-out");
        t.setDaemon(true);
        return t;
    });
    private final ChatEditPacer editPacer = new ChatEditPacer(System::currentTimeMillis);
    private final ScheduledExecutorService editTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telegram-edit-pacer");
        t.setDaemon(true);
        return t;
    });
    private volatile TelegramInbound inbound;
    /** Set by {@link #pause}: updates stay with Telegram for the next run. */
    private volatile boolean paused;
    private ProducerTemplate template;
    private final java.util.function.Supplier<TelegramConfig> current;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final ChatActions actions;
    private final OutboundTexts texts;
    private final InboundJournal journal;
    private final TelegramRecovery recovery;

    /**
     * @param current the running config's Telegram section (a reload changes who may talk at once)
     * @param texts    how texts leave: through {@code direct:outbound}, so hooks see them
     * @param commands the chat commands of every channel (the bot's command menu)
     */
    public TelegramChannel(TelegramConfig config, java.util.function.Supplier<TelegramConfig> current, Path dataDir,
                           StateStore store, GatewayService gateway, InboundPolicy policy, OutboundTexts texts,
                           java.util.function.Supplier<java.util.Collection<ChatCommand>> commands) {
        this.config = config;
        this.current = current;
        this.dataDir = dataDir;
        this.store = store;
        ChannelRecovery leftovers = new ChannelRecovery(store, new InboundDedupe(store), gateway, texts);
        this.recovery = new TelegramRecovery(leftovers, deliveries, (target, receipts) ->
                answer(target, StreamingMode.OFF).withReceipts(receipts).markInterrupted());
        this.journal = leftovers.journal();
        this.gateway = gateway;
        this.policy = policy;
        this.texts = texts;
        this.bots = new TelegramBots(config.apiBaseUrl(), retry, store, () -> current.get().groups(), commands);
        TelegramAccountSettings.from(config).values().forEach(a -> {
            bots.prepare(a);
            if (a.webhook()) {
                webhookSecrets.put(a.id(), webhooks.serve(a));
            }
        });
        this.outbound = new TelegramOutbound(bots.apis(), sendRetry);
        this.actions = new TelegramActions(outbound, texts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChatActions actions() {
        return actions;
    }

    @Override
    public AdmissionRule.Rule admission(String accountId) {
        return policyRule(accountId, current.get());
    }

    @Override
    public boolean requiresMention(InboundMessage message) {
        return TelegramUpdateTranslator.requiresMention(current.get().groups(), message.chatId());
    }

    @Override
    public String roleFor(InboundMessage message) {
        return TelegramUpdateTranslator.roleOf(current.get().groups(), message);
    }

    @Override
    public java.util.Map<String, Object> health() {
        return java.util.Map.of("running", true, "accounts", new java.util.TreeSet<>(bots.ids()));
    }

    /** Long-polling accounts by their poller's view; webhook accounts are up once registered. */
    @Override
    public List<io.pigateway.core.channel.ChannelStatus> statuses() {
        return bots.statuses();
    }

    @Override
    public io.pigateway.core.channel.ChannelCounters counters() {
        return counters;
    }

    /** Paths that carry no gateway auth: the webhooks check Telegram's secret token instead. */
    @Override
    public Set<String> publicPaths() {
        return webhooks.publicPaths(); // a live view: a webhook account added by reload is public at once
    }

    /**
     * The DM policy rule of a running account (the gate asks per message), as {@code current} (the
     * config as last reloaded) says: a reload changes who may talk to the bot at once.
     */
    public AdmissionRule.Rule policyRule(String accountId, TelegramConfig current) {
        TelegramAccountSettings a = hasAccount(accountId) ? settingsOf(current).get(accountId) : null;
        if (a == null) {
            return new AdmissionRule.Rule(AdmissionRule.Mode.DISABLED, Set.of(), Map.of());
        }
        Map<String, AdmissionRule.GroupAccess> groups = new HashMap<>();
        current.groups().forEach((id, group) -> groups.put(id, new AdmissionRule.GroupAccess(
                group != null && group.allowFrom() != null ? Set.copyOf(group.allowFrom()) : null)));
        return new AdmissionRule.Rule(AdmissionRule.Mode.fromConfig(a.dmPolicy()), Set.copyOf(a.allowlist()), groups);
    }

    /** Account settings of a config, computed once per config object (a reload makes a new one). */
    private Map<String, TelegramAccountSettings> settingsOf(TelegramConfig current) {
        PolicyCache cache = policyCache;
        if (cache == null || cache.config() != current) {
            cache = new PolicyCache(current, TelegramAccountSettings.from(current));
            policyCache = cache;
        }
        return cache.accounts();
    }

    private record PolicyCache(TelegramConfig config, Map<String, TelegramAccountSettings> accounts) {
    }

    public TelegramOutbound outbound() {
        return outbound;
    }

    /** {@code direct:outbound-telegram} and the webhook route of every webhook account, present or future. */
    @Override
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OUTBOUND).routeId("outbound-telegram").process(new TelegramOutboundProcessor(outbound));
                from("platform-http:/telegram/{" + TelegramWebhook.ACCOUNT + "}?httpMethodRestrict=POST")
                        .routeId("telegram-webhook")
                        .process(new TelegramWebhook(webhooks::secretOf, TelegramChannel.this::acceptWebhook));
            }
        };
    }

    /**
     * Connects every account: getMe, setMyCommands, webhook or poller; then settles what a crash left
     * ({@link ChannelRecovery}), taken from the store before any new message came in.
     */
    @Override
    public synchronized void start(CamelContext camel) {
        this.template = camel.createProducerTemplate();
        bots.electIn(camel, recovery::takeOver);
        Map<String, TelegramAccountSettings> accounts = TelegramAccountSettings.from(config);
        ChannelRecovery.Leftover leftover = recovery.atStart(LeaderOnly.clustered(camel), accounts.values());
        this.inbound = new TelegramInbound(new InboundDedupe(store), journal, gateway, policy,
                new TelegramMediaDownloader(dataDir, retry, MediaQuota.of(config)), texts);
        for (TelegramAccountSettings a : accounts.values()) {
            try {
                bots.connect(a, webhookSecrets.get(a.id()), inbound);
            } catch (RuntimeException e) { // this account only: the others and the rest of the gateway start
                bots.parking().fatal(a.id(), "could not start (" + e.getMessage() + "); check its botToken");
            }
        }
        recovery.settle(leftover);
    }

    /**
     * Applies the reloaded accounts one by one: an account added is connected, one removed is
     * disconnected, one with a new token (or webhook URL or secret) is reconnected; the others are
     * not touched. A webhook account is served by the one webhook route as soon as it is connected.
     */
    @Override
    public synchronized List<String> reconfigure() {
        if (inbound == null) {
            return List.of(); // not started: start() connects what the config says then
        }
        Map<String, TelegramAccountSettings> wanted = TelegramAccountSettings.from(current.get());
        Map<String, String> running = new HashMap<>();
        bots.ids().forEach(id -> running.put(id, TelegramWebhookAccounts.signature(bots.connected(id))));
        Map<String, String> signatures = new HashMap<>();
        wanted.forEach((id, a) -> signatures.put(id, TelegramWebhookAccounts.signature(a)));
        AccountChanges changes = AccountChanges.between(running, signatures);
        List<String> done = new ArrayList<>();
        changes.stopped().forEach(id -> {
            disconnect(id);
            bots.parking().release(id);
            done.add("stopped account " + id);
        });
        java.util.Set<String> parked = bots.parking().parkedAccounts(); // a reload retries them
        parked.stream().filter(id -> !wanted.containsKey(id)).forEach(bots.parking()::release);
        for (TelegramAccountSettings a : wanted.values()) { // in config order; unchanged ones are in neither set
            boolean restart = changes.restarted().contains(a.id()) || parked.contains(a.id());
            if (restart || changes.started().contains(a.id())) {
                done.add(connectAccount(a, restart));
            }
        }
        return done;
    }

    /**
     * Connects a parked (or any running) account again, {@code accountId} null: every parked one.
     * Its failures are forgotten; a failure now parks it again, with the new reason.
     */
    @Override
    public synchronized List<String> restart(String accountId) {
        if (inbound == null) {
            return List.of();
        }
        Map<String, TelegramAccountSettings> wanted = TelegramAccountSettings.from(current.get());
        List<String> done = new ArrayList<>();
        for (TelegramAccountSettings a : wanted.values()) {
            if (accountId == null ? bots.parking().isParked(a.id()) : a.id().equals(accountId)) {
                done.add(connectAccount(a, true));
            }
        }
        return done;
    }

    /** (Re)connects one account alone; a failure parks this account only. Returns what it did. */
    private String connectAccount(TelegramAccountSettings a, boolean restart) {
        if (restart) {
            disconnect(a.id());
        }
        bots.parking().release(a.id());
        bots.prepare(a);
        if (a.webhook()) { // served before setWebhook: Telegram may deliver at once
            webhookSecrets.put(a.id(), webhooks.serve(a));
        }
        try {
            bots.connect(a, webhookSecrets.get(a.id()), inbound);
            return (restart ? "restarted account " : "started account ") + a.id();
        } catch (RuntimeException e) { // this account only: the next reload or restart tries it again
            webhooks.forget(a);
            webhookSecrets.remove(a.id());
            bots.parking().fatal(a.id(), "could not start (" + e.getMessage() + "); check its botToken");
            return "account " + a.id() + " failed to start";
        }
    }

    /** Disconnects an account and stops serving its webhook (Telegram's setWebhook is deleted by the bots). */
    private void disconnect(String accountId) {
        TelegramAccountSettings was = bots.connected(accountId);
        if (was != null && was.webhook()) {
            webhooks.forget(was);
        }
        webhookSecrets.remove(accountId);
        bots.disconnect(accountId);
    }

    private void acceptWebhook(String accountId, JsonNode update) {
        TelegramInbound handler = inbound;
        TelegramUpdateTranslator translator = bots.translator(accountId);
        TelegramBotApi api = bots.api(accountId);
        if (handler == null || translator == null || api == null) {
            throw new IllegalStateException("the Telegram account '" + accountId + "' is not running");
        }
        if (paused) { // the webhook answers an error, so Telegram delivers the update again after the restart
            throw new IllegalStateException("the gateway is restarting");
        }
        // Handle it on a plain thread and wait: sending into direct:inbound from inside the platform-http
        // route's own reactive worker deadlocked (the turn's async work queued behind the waiting thread).
        try {
            java.util.concurrent.CompletableFuture
                    .runAsync(() -> handler.accept(api, translator, update), deliveries)
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("handling the update took too long", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polling stops (an unconfirmed update is fetched again by the next run); webhooks refuse updates. */
    @Override
    public void pause() {
        paused = true;
        bots.stopAll();
    }

    @Override
    public synchronized void stop() {
        bots.stopAll();
        deliveries.shutdown();
        editTimer.shutdownNow();
    }

    /** Answers with the streaming mode the running config gives the message's account. */
    @Override
    public TurnObserver observerFor(InboundMessage message) {
        TelegramConfig now = current.get();
        TelegramAccountSettings a = settingsOf(now).get(message.accountId());
        StreamingMode mode = StreamingMode.fromConfig(a != null ? a.streamingMode() : now.streamingMode());
        return answer(message.replyTarget(), mode).journaled(journal, TelegramInbound.journalKey(message),
                recovery.channelRecovery().receipts());
    }

    private TelegramAnswer answer(io.pigateway.core.ReplyTarget target, StreamingMode mode) {
        return new TelegramAnswer(target, mode, target.scope() == ChatScope.DM, template, deliveries, editPacer,
                editTimer);
    }

    @Override
    public boolean hasAccount(String accountId) {
        return bots.api(accountId) != null;
    }

}
