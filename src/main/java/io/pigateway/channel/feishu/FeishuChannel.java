package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.config.ChannelsConfig.FeishuConfig;
import io.pigateway.config.ChannelsConfig.GroupConfig;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.cluster.LeaderOnly;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.ChannelRecovery;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.security.InboundPolicy;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Feishu / Lark channel: one app, events through the callback on the gateway's own port
 * ({@code platform-http:<webhookPath>}, authenticated by {@link FeishuCallback}), answers rendered
 * by {@link FeishuAnswer} through {@code direct:outbound} → {@code direct:outbound-feishu}. A
 * message is in the inbound journal before the callback answers 200 and its answer's parts have
 * outbound receipts, so a crash loses none and repeats none ({@link ChannelRecovery}).
 * Registered by {@link FeishuModule}.
 */
public final class FeishuChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuChannel.class);
    public static final String NAME = "feishu";
    static final String OUTBOUND = OutboundRoutes.channelEndpoint(NAME);
    /** Header: the Feishu message id of a sent text (ids are strings, not the core's numbers). */
    static final String MESSAGE_ID = "PiGatewayFeishuMessageId";
    /** Header: the Feishu message id a text replies to. */
    static final String REPLY_TO = "PiGatewayFeishuReplyTo";

    private final FeishuConfig config;
    private final Supplier<FeishuConfig> current;
    private final FeishuClients clients;
    private final FeishuActions actions;
    private final FeishuInbound inbound;
    private final ChannelRecovery recovery;
    /** What a crash left, taken before the callback can take a new message in; settled at start. */
    private final ChannelRecovery.Leftover leftover;
    private final ExecutorService deliveries = daemonPool("feishu-out");
    /** One thread keeps a chat's events in order; it only queues turns, never waits for one. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "feishu-events"));
    private volatile FeishuEventTranslator translator;
    private volatile ProducerTemplate template;

    /** @param current the running config's Feishu section (a reload changes who may talk at once) */
    public FeishuChannel(FeishuConfig config, Supplier<FeishuConfig> current, Path dataDir, StateStore store,
                         GatewayService gateway, InboundPolicy policy, OutboundTexts texts) {
        requireSet(config.appId(), "appId");
        requireSet(config.appSecret(), "appSecret");
        if (blank(config.verificationToken()) && blank(config.encryptKey())) {
            throw new IllegalArgumentException("channels.feishu needs verificationToken or encryptKey: the event"
                    + " callback must be able to tell Feishu from anyone else");
        }
        this.config = config;
        this.current = current;
        this.clients = new FeishuClients(config);
        this.actions = new FeishuActions(clients::outbound, () -> template);
        this.recovery = new ChannelRecovery(store, new InboundDedupe(store), gateway, texts);
        this.leftover = recovery.leftover(NAME);
        this.inbound = new FeishuInbound(this::translator, new InboundDedupe(store), recovery.journal(), gateway, policy,
                new FeishuMediaDownloader(dataDir, clients::api), texts);
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
        if (accountId != null && !"default".equals(accountId)) {
            return new AdmissionRule.Rule(AdmissionRule.Mode.DISABLED, Set.of(), Map.of());
        }
        FeishuConfig now = current.get();
        Map<String, AdmissionRule.GroupAccess> groups = new HashMap<>();
        now.groups().forEach((id, group) -> groups.put(id, new AdmissionRule.GroupAccess(
                group != null && group.allowFrom() != null ? Set.copyOf(group.allowFrom()) : null)));
        return new AdmissionRule.Rule(AdmissionRule.Mode.fromConfig(now.dmPolicy()), Set.copyOf(now.allowlist()), groups);
    }

    @Override
    public boolean requiresMention(InboundMessage message) {
        GroupConfig group = groupOf(message.chatId());
        return group == null || group.requireMention();
    }

    @Override
    public String roleFor(InboundMessage message) {
        if (message.scope() == ChatScope.DM) {
            return null;
        }
        GroupConfig group = groupOf(message.chatId());
        return group != null ? group.role() : null;
    }

    private GroupConfig groupOf(String chatId) {
        Map<String, GroupConfig> groups = current.get().groups();
        return groups.getOrDefault(chatId, groups.get("*"));
    }

    /** The callback checks Feishu's signature or token instead of the gateway token. */
    @Override
    public Set<String> publicPaths() {
        return Set.of(config.webhookPath());
    }

    /** Feishu pushes events to the callback; the connection that can fail is the tenant token's. */
    @Override
    public java.util.List<io.pigateway.core.channel.ChannelStatus> statuses() {
        String error = clients.api().tokens().lastError();
        return java.util.List.of(error == null ? io.pigateway.core.channel.ChannelStatus.up("default", 0)
                : new io.pigateway.core.channel.ChannelStatus("default", io.pigateway.core.channel.ChannelStatus.State.DOWN,
                "the tenant token cannot be fetched: " + error, 0));
    }

    @Override
    public io.pigateway.core.channel.ChannelCounters counters() {
        return clients.counters();
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        String error = clients.api().tokens().lastError();
        health.put("running", true);
        health.put("token", error == null ? "ok" : "failing: " + error);
        health.put("bot", translator != null ? "known" : "unknown (bot info not fetched yet)");
        return health;
    }

    @Override
    public RouteBuilder routes() {
        FeishuCallback callback = new FeishuCallback(config.verificationToken(), config.encryptKey(), events,
                inbound::admit);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OUTBOUND).routeId("outbound-feishu").process(new FeishuOutboundProcessor(clients::outbound));
                from("platform-http:" + config.webhookPath() + "?httpMethodRestrict=POST").routeId("feishu-callback")
                        .process(callback);
            }
        };
    }

    /**
     * Fetches the token and the bot's open_id (a failure is logged and retried with the next event),
     * then settles what a crash left ({@link ChannelRecovery}) on the events thread: a re-run
     * message's files are downloaded again, an answer cut short is marked in its own messages.
     */
    @Override
    public void start(CamelContext camel) {
        this.template = camel.createProducerTemplate();
        // standalone only: in a cluster another instance may be answering them right now
        if (!leftover.isEmpty() && !LeaderOnly.clustered(camel)) {
            events.execute(() -> leftover.settle((target, receipts) -> answer(target, StreamingMode.OFF)
                    .withReceipts(receipts).markInterrupted(), inbound::prepare));
        }
        try {
            translator();
            LOG.info("Feishu app {} receives events on {}", config.appId(), config.webhookPath());
        } catch (FeishuApiException e) {
            LOG.warn("Feishu: could not fetch the bot's identity yet ({}); retrying with the next event", e.getMessage());
        }
    }

    /** The translator, fetching the bot's open_id ({@code GET /open-apis/bot/v3/info}) the first time. */
    FeishuEventTranslator translator() {
        FeishuEventTranslator t = translator;
        if (t == null) {
            synchronized (this) {
                if (translator == null) {
                    JsonNode info = clients.api().callRaw("GET", "/open-apis/bot/v3/info", null);
                    JsonNode bot = info.has("bot") ? info.path("bot") : info.path("data").path("bot");
                    translator = new FeishuEventTranslator(bot.path("open_id").asText(null));
                }
                t = translator;
            }
        }
        return t;
    }

    /**
     * New app credentials (app id, secret, domain or API base URL): a new client with an empty token
     * cache takes over for the calls that follow, and the bot's identity is fetched again with the
     * next event (another app is another bot). Answers in flight finish on the client they began with.
     */
    @Override
    public synchronized List<String> reconfigure() {
        if (!clients.update(current.get())) {
            return List.of();
        }
        translator = null;
        LOG.info("Feishu: new app credentials; app {} is used from now on", clients.current().appId());
        return List.of("new app credentials for " + clients.current().appId());
    }

    @Override
    public void stop() {
        events.shutdown();
        deliveries.shutdown();
    }

    /** The answer's parts are recorded ({@link AnswerReceipts}) under the message's journal key. */
    @Override
    public TurnObserver observerFor(InboundMessage message) {
        // the streaming mode as last reloaded
        return answer(message.replyTarget(), StreamingMode.fromConfig(current.get().streamingMode()))
                .withReceipts(new AnswerReceipts(recovery.receipts(), FeishuInbound.journalKey(message),
                        message.replyTarget()).journaled(recovery.journal()));
    }

    /** An answer in {@code target} through the client in use now. */
    private FeishuAnswer answer(ReplyTarget target, StreamingMode mode) {
        return new FeishuAnswer(target, mode, clients.outbound(), template, deliveries);
    }

    private static ExecutorService daemonPool(String name) {
        return Executors.newCachedThreadPool(r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void requireSet(String value, String key) {
        if (blank(value)) {
            throw new IllegalArgumentException("channels.feishu." + key + " is not set");
        }
    }
}
