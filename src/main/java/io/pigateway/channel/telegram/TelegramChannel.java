package io.pigateway.channel.telegram;

import io.pigateway.core.channel.AdmissionRule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.config.ChannelsConfig.TelegramConfig;
import io.pigateway.core.ChatScope;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.GatewayToken;
import io.pigateway.security.InboundPolicy;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * {@link #start} connects the accounts.
 */
public final class TelegramChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramChannel.class);
    public static final String NAME = "telegram";
    public static final String OUTBOUND = OutboundRoutes.channelEndpoint(NAME);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramConfig config;
    private final Path dataDir;
    private final StateStore store;
    private final Map<String, TelegramAccountSettings> accounts;
    private volatile PolicyCache policyCache;
    private final Map<String, TelegramBotApi> apis = new LinkedHashMap<>();
    private final Map<String, String> webhookSecrets = new LinkedHashMap<>();
    private final Map<String, TelegramUpdateTranslator> translators = new java.util.concurrent.ConcurrentHashMap<>();
    private final TelegramOutbound outbound;
    private final TelegramRetry retry = new TelegramRetry(5, 500);
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
    private final List<TelegramPoller> pollers = new ArrayList<>();
    private volatile TelegramInbound inbound;
    private ProducerTemplate template;
    private final java.util.function.Supplier<TelegramConfig> current;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final ChatActions actions;
    private final OutboundTexts texts;
    private final java.util.function.Supplier<java.util.Collection<ChatCommand>> commands;

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
        this.gateway = gateway;
        this.policy = policy;
        this.texts = texts;
        this.commands = commands;
        this.accounts = TelegramAccountSettings.from(config);
        accounts.values().forEach(a -> {
            apis.put(a.id(), new TelegramBotApi(config.apiBaseUrl(), a.botToken()));
            if (a.webhook()) {
                webhookSecrets.put(a.id(), a.webhookSecret() != null && !a.webhookSecret().isBlank()
                        ? a.webhookSecret() : GatewayToken.randomToken());
            }
        });
        this.outbound = new TelegramOutbound(apis, retry);
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
        return TelegramUpdateTranslator.requiresMention(config.groups(), message.chatId());
    }

    @Override
    public String roleFor(InboundMessage message) {
        return TelegramUpdateTranslator.roleOf(config.groups(), message);
    }

    @Override
    public java.util.Map<String, Object> health() {
        return java.util.Map.of("running", true, "accounts", accounts.keySet());
    }

    public Map<String, TelegramAccountSettings> accounts() {
        return accounts;
    }

    /** Paths that carry no gateway auth: the webhooks check Telegram's secret token instead. */
    @Override
    public Set<String> publicPaths() {
        Set<String> paths = new HashSet<>();
        accounts.values().stream().filter(TelegramAccountSettings::webhook).forEach(a -> paths.add(a.webhookPath()));
        return paths;
    }

    /**
     * The DM policy rule of a running account (the gate asks per message), as {@code current} (the
     * config as last reloaded) says: a reload changes who may talk to the bot at once; accounts and
     * tokens stay as started.
     */
    public AdmissionRule.Rule policyRule(String accountId, TelegramConfig current) {
        TelegramAccountSettings a = accounts.containsKey(accountId) ? settingsOf(current).get(accountId) : null;
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
            cache = new PolicyCache(current, current == config ? accounts : TelegramAccountSettings.from(current));
            policyCache = cache;
        }
        return cache.accounts();
    }

    private record PolicyCache(TelegramConfig config, Map<String, TelegramAccountSettings> accounts) {
    }

    public TelegramOutbound outbound() {
        return outbound;
    }

    /** {@code direct:outbound-telegram} and one webhook route per webhook account. */
    @Override
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OUTBOUND).routeId("outbound-telegram").process(new TelegramOutboundProcessor(outbound));
                for (TelegramAccountSettings a : accounts.values()) {
                    if (a.webhook()) {
                        from("platform-http:" + a.webhookPath() + "?httpMethodRestrict=POST")
                                .routeId("telegram-webhook-" + a.id())
                                .process(new TelegramWebhook(a.id(), webhookSecrets.get(a.id()),
                                        TelegramChannel.this::acceptWebhook));
                    }
                }
            }
        };
    }

    /** Connects every account: getMe, setMyCommands, webhook or poller. */
    @Override
    public void start(CamelContext camel) {
        this.template = camel.createProducerTemplate();
        this.inbound = new TelegramInbound(new InboundDedupe(store), gateway, policy,
                new TelegramMediaDownloader(dataDir, retry, MediaQuota.of(config)), texts);
        for (TelegramAccountSettings a : accounts.values()) {
            TelegramBotApi api = apis.get(a.id());
            JsonNode me = retry.run("getMe", () -> api.call("getMe", api.params()));
            translators.put(a.id(), new TelegramUpdateTranslator(a.id(), me.path("id").asLong(),
                    me.path("username").asText(""), config.groups()));
            registerCommands(api);
            if (a.webhook()) {
                var params = api.params().put("url", a.webhookUrl()).put("secret_token", webhookSecrets.get(a.id()));
                params.putArray("allowed_updates").add("message");
                retry.run("setWebhook", () -> api.call("setWebhook", params));
                LOG.info("Telegram account '{}' (@{}) receives updates by webhook on {}", a.id(),
                        me.path("username").asText(), a.webhookPath());
            } else {
                retry.run("deleteWebhook", () -> api.call("deleteWebhook", api.params()));
                TelegramPoller poller = new TelegramPoller(a.id(), api, translators.get(a.id()), inbound, store);
                pollers.add(poller);
                poller.start();
                LOG.info("Telegram account '{}' (@{}) is long polling", a.id(), me.path("username").asText());
            }
        }
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

    private void acceptWebhook(String accountId, JsonNode update) {
        TelegramInbound handler = inbound;
        TelegramUpdateTranslator translator = translators.get(accountId);
        if (handler == null || translator == null) {
            throw new IllegalStateException("the Telegram channel is still starting");
        }
        // Handle it on a plain thread and wait: sending into direct:inbound from inside the platform-http
        // route's own reactive worker deadlocked (the turn's async work queued behind the waiting thread).
        try {
            java.util.concurrent.CompletableFuture
                    .runAsync(() -> handler.accept(apis.get(accountId), translator, update), deliveries)
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

    @Override
    public void stop() {
        pollers.forEach(TelegramPoller::stop);
        deliveries.shutdown();
        editTimer.shutdownNow();
    }

    @Override
    public TurnObserver observerFor(InboundMessage message) {
        TelegramAccountSettings a = accounts.get(message.accountId());
        StreamingMode mode = StreamingMode.fromConfig(a != null ? a.streamingMode() : config.streamingMode());
        return new TelegramAnswer(message.replyTarget(), mode, message.scope() == ChatScope.DM, template, deliveries,
                editPacer, editTimer);
    }

    @Override
    public boolean hasAccount(String accountId) {
        return accounts.containsKey(accountId);
    }

}
