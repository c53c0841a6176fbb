package io.pigateway.channel.discord;

import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.ChannelRecovery;
import io.pigateway.config.ChannelsConfig.DiscordConfig;
import io.pigateway.config.ChannelsConfig.DiscordGuildConfig;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.cluster.LeaderOnly;
import io.pigateway.core.ChatScope;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.core.channel.AccountChanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Discord channel: one JDA client per account (DMs, guild channels, threads), answers rendered
 * through {@code direct:outbound} → {@code direct:outbound-discord}. Registered by
 * {@link DiscordModule}; its route runs before {@link #start} connects the accounts. An account
 * that cannot connect is reported in {@code /health} as degraded; the others keep running. A config
 * reload ({@link #reconfigure}) connects, disconnects or reconnects one account alone.
 */
public final class DiscordChannel implements Channel {
    public static final String NAME = "discord";
    static final String OUTBOUND = OutboundRoutes.channelEndpoint(NAME);

    /** An account's admission rule, as built from {@code config} with {@code chats} guild channels admitted. */
    private record CachedRule(DiscordConfig config, long chats, AdmissionRule.Rule rule) {
    }

    /** What the channel needs per account to take messages in; built once the pipeline is up. */
    interface InboundFactory {
        DiscordListener listenerFor(DiscordAccountSettings account, DiscordConnection connection,
                                    DiscordGuildRules guilds, DiscordOutbound outbound);
    }

    private final DiscordConfig config;
    private final Supplier<DiscordConfig> current;
    // accounts as connected; a reload adds and removes entries (the outbound side reads them per call)
    private final Map<String, DiscordAccountSettings> accounts = new ConcurrentHashMap<>();
    private final Map<String, DiscordConnection> connections = new ConcurrentHashMap<>();
    private final io.pigateway.core.channel.ChannelCounters counters = new io.pigateway.core.channel.ChannelCounters();
    private final io.pigateway.core.channel.AccountParking parking = new io.pigateway.core.channel.AccountParking(NAME);
    private final DiscordGuildRules guilds;
    private final DiscordOutbound outbound;
    private final ChatActions actions;
    private final InboundFactory inbound;
    private final ExecutorService deliveries = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "discord-out");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService typingTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "discord-typing");
        t.setDaemon(true);
        return t;
    });
    /** Edit slots per channel, shared by all answers (Discord's edit limit is per channel). */
    private final ChatEditPacer editPacer = new ChatEditPacer(System::currentTimeMillis);
    private volatile ProducerTemplate template;
    private final Map<String, CachedRule> rules = new ConcurrentHashMap<>();
    private volatile long typingRefreshMs = DiscordAnswer.TYPING_REFRESH_MS;
    private final ChannelRecovery recovery;

    /**
     * @param current the running config's Discord section (a reload changes who may talk at once)
     * @param actions  builds the agent tools' actions from the channel's outbound client
     * @param recovery the inbound journal and outbound receipts, settled at start
     */
    DiscordChannel(DiscordConfig config, Supplier<DiscordConfig> current, Function<DiscordOutbound, ChatActions> actions,
                   InboundFactory inbound, ChannelRecovery recovery) {
        this.config = config;
        this.recovery = recovery;
        this.current = current;
        this.accounts.putAll(DiscordAccountSettings.from(config));
        this.guilds = new DiscordGuildRules(() -> current.get().guilds());
        accounts.keySet().forEach(id -> connections.put(id, new DiscordConnection(id, counters, parking)));
        this.outbound = new DiscordOutbound(id -> {
            DiscordConnection c = connections.get(id);
            return c != null ? c.client() : null;
        });
        this.actions = actions.apply(outbound);
        this.inbound = inbound;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasAccount(String accountId) {
        return accounts.containsKey(accountId);
    }

    @Override
    public ChatActions actions() {
        return actions;
    }

    /**
     * The account's DM policy as the running config says; guild channels as {@link DiscordGuildRules}
     * admits. The policy gate asks for every message: the rule is kept until the config is reloaded
     * or another guild channel is admitted (building it walks every admitted channel).
     */
    @Override
    public AdmissionRule.Rule admission(String accountId) {
        if (!accounts.containsKey(accountId)) {
            return new AdmissionRule.Rule(AdmissionRule.Mode.DISABLED, Set.of(), Map.of());
        }
        DiscordConfig now = current.get();
        long chats = guilds.chatsSeen();
        CachedRule cached = rules.get(accountId);
        if (cached != null && cached.config() == now && cached.chats() == chats) {
            return cached.rule();
        }
        DiscordAccountSettings a = DiscordAccountSettings.from(now).get(accountId);
        AdmissionRule.Rule rule = a == null ? new AdmissionRule.Rule(AdmissionRule.Mode.DISABLED, Set.of(), Map.of())
                : new AdmissionRule.Rule(AdmissionRule.Mode.fromConfig(a.dmPolicy()), Set.copyOf(a.allowlist()),
                        guilds.groupAccess());
        rules.put(accountId, new CachedRule(now, chats, rule));
        return rule;
    }

    /** The inbound route's mention gate: a guild's {@code requireMention} (unknown chats: yes). */
    @Override
    public boolean requiresMention(InboundMessage message) {
        DiscordGuildConfig guild = guilds.guildOfChat(message.chatId());
        return guild == null || guild.requireMention();
    }

    @Override
    public String roleFor(InboundMessage message) {
        if (message.scope() == ChatScope.DM) {
            return null;
        }
        DiscordGuildConfig guild = guilds.guildOfChat(message.chatId());
        return guild != null ? guild.role() : null;
    }

    @Override
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OUTBOUND).routeId("outbound-discord").process(new DiscordOutboundProcessor(outbound));
            }
        };
    }

    /**
     * Logs every account in and starts its gateway connection (READY arrives later); once they are
     * connected, settles what a crash left ({@link ChannelRecovery}), taken before any new message came in.
     */
    @Override
    public synchronized void start(CamelContext camel) {
        this.template = camel.createProducerTemplate();
        // standalone only: in a cluster every instance receives Discord's messages, and another one may
        // be answering the journal's entries right now (as Telegram's webhook accounts)
        ChannelRecovery.Leftover leftover = LeaderOnly.clustered(camel) ? null : recovery.leftover(NAME);
        accounts.values().forEach(a -> connect(a, connections.get(a.id())));
        if (leftover != null && !leftover.isEmpty()) {
            leftover.messages().stream().filter(m -> m.scope() == ChatScope.DM && m.senderId() != null)
                    .forEach(m -> outbound.rememberDm(m.chatId(), m.senderId())); // JDA's DM cache starts empty
            deliveries.execute(() -> {
                List.copyOf(connections.values()).forEach(DiscordConnection::awaitConnected);
                leftover.settle((target, receipts) -> answer(target, StreamingMode.OFF).withReceipts(receipts)
                        .markInterrupted());
            });
        }
    }

    private void connect(DiscordAccountSettings a, DiscordConnection connection) {
        connection.start(a.token(), config.apiBaseUrl(), DiscordGatewayUrl.parse(config.gatewayUrl()),
                inbound.listenerFor(a, connection, guilds, outbound));
    }

    /**
     * Applies the reloaded accounts one by one: an account added is connected, one removed is
     * disconnected, one with a new token reconnects; the others' connections are not touched.
     */
    @Override
    public synchronized List<String> reconfigure() {
        if (template == null) {
            return List.of(); // not started: start() connects what the config says then
        }
        Map<String, DiscordAccountSettings> wanted = DiscordAccountSettings.from(current.get());
        AccountChanges changes = AccountChanges.between(tokens(accounts), tokens(wanted));
        List<String> done = new ArrayList<>();
        changes.stopped().forEach(id -> {
            accounts.remove(id);
            connections.remove(id).stop();
            done.add("stopped account " + id);
        });
        java.util.Set<String> parked = parking.parkedAccounts(); // a reload retries them
        parked.stream().filter(id -> !wanted.containsKey(id)).forEach(parking::release);
        for (String id : wanted.keySet()) { // in config order; unchanged ones are in neither set
            boolean restart = changes.restarted().contains(id) || parked.contains(id);
            if (changes.started().contains(id) || restart) {
                reconnect(wanted.get(id));
                done.add((changes.started().contains(id) ? "connected account " : "reconnected account ") + id);
            }
        }
        return done;
    }

    /** Connects {@code accountId} again (null: every parked account), after its cause was fixed. */
    @Override
    public synchronized List<String> restart(String accountId) {
        if (template == null) {
            return List.of();
        }
        List<String> done = new ArrayList<>();
        DiscordAccountSettings.from(current.get()).forEach((id, a) -> {
            if (accountId == null ? parking.isParked(id) : id.equals(accountId)) {
                reconnect(a);
                done.add("reconnected account " + id);
            }
        });
        return done;
    }

    /** A fresh connection for one account, its failures forgotten; the old one (if any) stops first. */
    private void reconnect(DiscordAccountSettings a) {
        DiscordConnection old = connections.remove(a.id());
        if (old != null) {
            old.stop();
        }
        parking.release(a.id());
        DiscordConnection connection = new DiscordConnection(a.id(), counters, parking);
        connections.put(a.id(), connection);
        accounts.put(a.id(), a);
        connect(a, connection);
    }

    private static Map<String, String> tokens(Map<String, DiscordAccountSettings> accounts) {
        Map<String, String> tokens = new HashMap<>();
        accounts.forEach((id, a) -> tokens.put(id, a.token()));
        return tokens;
    }

    @Override
    public synchronized void stop() {
        connections.values().forEach(DiscordConnection::stop);
        deliveries.shutdown();
        typingTimer.shutdownNow();
    }

    /** {@code ok} when every account is connected, {@code degraded} otherwise, with each account's state. */
    @Override
    public Map<String, Object> health() {
        Map<String, Object> states = new TreeMap<>(); // by account id: connections is a hash map
        Map<String, Object> failures = new TreeMap<>();
        connections.forEach((id, c) -> {
            states.put(id, c.state());
            if (c.failure() != null) {
                failures.put(id, c.failure());
            }
        });
        boolean ok = !states.isEmpty() && states.values().stream().allMatch("connected"::equals);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("running", true);
        health.put("status", ok ? "ok" : "degraded");
        health.put("accounts", states);
        if (!failures.isEmpty()) {
            health.put("errors", failures);
        }
        return health;
    }

    /** Connected is up, (re)connecting degraded, failed down with JDA's or Discord's reason. */
    @Override
    public java.util.List<io.pigateway.core.channel.ChannelStatus> statuses() {
        java.util.List<io.pigateway.core.channel.ChannelStatus> out = new java.util.ArrayList<>();
        connections.forEach((id, c) -> {
            String state = c.state();
            out.add(new io.pigateway.core.channel.ChannelStatus(id, switch (state) {
                case "connected" -> io.pigateway.core.channel.ChannelStatus.State.UP;
                case "failed" -> io.pigateway.core.channel.ChannelStatus.State.DOWN;
                default -> io.pigateway.core.channel.ChannelStatus.State.DEGRADED;
            }, "connected".equals(state) ? null : c.failure() != null ? c.failure() : state, 0));
        });
        return parking.overlay(out);
    }

    @Override
    public io.pigateway.core.channel.ChannelCounters counters() {
        return counters;
    }

    /** The accounts' connection states (for tests and doctor). */
    public Map<String, String> connectionStates() {
        Map<String, String> states = new TreeMap<>();
        connections.forEach((id, c) -> states.put(id, c.state()));
        return states;
    }

    /** How often "typing…" is renewed during a turn (tests shorten Discord's ~10 s). */
    void typingRefreshMs(long ms) {
        this.typingRefreshMs = ms;
    }

    @Override
    public TurnObserver observerFor(InboundMessage message) {
        if (message.scope() == ChatScope.DM && message.senderId() != null) {
            outbound.rememberDm(message.chatId(), message.senderId());
        }
        DiscordConfig now = current.get(); // the streaming mode as last reloaded
        DiscordAccountSettings a = DiscordAccountSettings.from(now).get(message.accountId());
        StreamingMode mode = StreamingMode.fromConfig(a != null ? a.streamingMode() : now.streamingMode());
        return answer(message.replyTarget(), mode).withReceipts(new AnswerReceipts(recovery.receipts(),
                DiscordInbound.journalKey(message), message.replyTarget()).journaled(recovery.journal()));
    }

    private DiscordAnswer answer(io.pigateway.core.ReplyTarget target, StreamingMode mode) {
        return new DiscordAnswer(target, mode, template, deliveries, editPacer, typingTimer, typingRefreshMs);
    }
}
