package io.pigateway.app;

import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.SessionCatalog;
import io.pigateway.pipeline.AgentTurnRunner;
import io.pigateway.pipeline.PipelineRoutes;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.pipeline.ChannelRegistry;

import io.pigateway.api.ApiAuth;
import io.pigateway.app.camel.CamelMainSetup;
import io.pigateway.api.AdminRoutes;
import io.pigateway.api.ApiRoutes;
import io.pigateway.channel.telegram.TelegramChannel;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.FileModes;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.api.AuthEndpoints;
import io.pigateway.core.channel.ChannelSenders;
import io.pigateway.api.ConfigState;
import io.pigateway.api.ControlPlane;
import io.pigateway.api.FrontDoor;
import io.pigateway.api.GatewayAccess;
import io.pigateway.api.HookRoutes;
import io.pigateway.api.SessionRoutes;
import io.pigateway.api.WsMethods;
import io.pigateway.config.GatewayConfig.AuthConfig;
import io.pigateway.security.AttemptLimiter;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.LoginSessions;
import java.util.concurrent.ExecutorService;
import io.pigateway.api.GatewayHttpServer;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.ConfigPaths;
import io.pigateway.tools.ToolEndpoint;
import io.pigateway.tools.ToolExtension;
import io.pigateway.tools.ToolSecrets;
import java.util.List;
import java.util.concurrent.Executors;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LoadedConfig;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.QueueMode;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionRouter;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.security.GatewayToken;
import io.pigateway.security.InboundPolicy;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles and runs one gateway: state store, hook registry, pi-rpc pool, the pipeline routes,
 * the HTTP API and user YAML routes, all in one camel-main. {@link #start()} returns once
 * {@code /health} answers; {@link #close()} stops everything, pi processes included.
 */
public final class GatewayRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    private GatewayConfig config;
    private final Path configSource;
    private final int portOverride;
    private int port;
    private final PrintStream out;
    private final Instant startedAt = Instant.now();
    private Main main;
    private StateStore store;
    private Vertx vertx;
    private PiRpcComponent pi;
    private LaneDispatcher lanes;
    private HookRegistry hooks;
    private GatewayService service;
    private GatewayToken token;
    private ConfigState configState;
    private ExecutorService toolWorkers;
    private ToolSecrets toolSecrets;
    private ToolEndpoint tools;
    private final LoginSessions loginSessions = new LoginSessions();
    private GatewayAccess access;
    private ControlPlane control;
    private ChannelSenders senders = ChannelSenders.NONE;
    private String host;
    private TelegramChannel telegram;
    private ChannelRegistry channels;

    /**
     * @param port the port to listen on, overriding {@code gateway.port} when > 0
     *             (use 0 for "as configured")
     * @param out  where start-up notices for the operator go (token, pi install progress)
     */
    public GatewayRuntime(LoadedConfig loaded, int port, PrintStream out) {
        this.configSource = loaded.source();
        this.portOverride = port;
        this.out = out;
        apply(loaded);
    }

    private void apply(LoadedConfig loaded) {
        this.config = loaded.config();
        this.port = portOverride > 0 ? portOverride : config.gateway().port();
        this.configState = new ConfigState(loaded, System.getenv());
    }

    /** Where {@code POST /api/send} finds channel senders; call before {@link #start()}. */
    public GatewayRuntime withChannelSenders(ChannelSenders senders) {
        this.senders = senders;
        return this;
    }

    public ControlPlane control() {
        return control;
    }

    public synchronized GatewayRuntime start() throws Exception {
        telegram = null;
        host = ListenAddress.resolve(config.gateway());
        ListenAddress.ensureFree(host, port);
        Path dataDir = ConfigPaths.dataDir(config);
        FileModes.privateDir(dataDir);
        store = SqliteStateStore.open(dataDir);
        for (String name : List.of(SqliteStateStore.FILE_NAME, SqliteStateStore.FILE_NAME + "-wal",
                SqliteStateStore.FILE_NAME + "-shm", "gateway-token")) {
            FileModes.privateFile(dataDir.resolve(name));
        }
        token = GatewayToken.resolve(config.gateway().auth().token(), dataDir);
        requirePassword(config.gateway().auth());
        requirePassword(webAuth());
        // the agent tools bridge: an extension in every pi process, each with its own secret
        toolSecrets = AgentToolsSetup.secrets(host, port);
        pi = PiSetup.component(config, dataDir, out, List.of(ToolExtension.install(dataDir)),
                configState.current().substitutedEnv(), configSource);
        pi.setProcessListeners(toolSecrets::forPool);
        pi.warmUp(PiSetup.MAIN_POOL); // pi takes longer to start than Camel: overlap the two

        main = new Main();
        CamelMainSetup.apply(main, config, () -> configState.current().config()); // settings, placeholders, YAML routes
        main.configure().setName("pi-gateway");
        main.configure().setJmxEnabled(false);
        // our own platform-http server (see GatewayHttpServer), not camel-main's
        main.configure().httpServer().setEnabled(false);
        vertx = Vertx.vertx();
        main.bind("vertx", vertx);
        main.bind("pi-rpc", pi);

        hooks = new HookRegistry();
        SessionCatalog sessions = new SessionCatalog(store, dataDir, hooks, config.agent().model());
        AgentTurnRunner runner = new AgentTurnRunner(PipelineRoutes.AGENT_TURN,
                config.roles().capabilities().keySet(), sessions);
        lanes = new LaneDispatcher(QueueMode.fromConfig(config.agent().queue().mode()),
                config.agent().queue().maxPerSession(), runner);
        runner.onUndelivered(lanes::submit);
        SessionRouter router = new SessionRouter(config.agent().id(), DmScope.fromConfig(config.agent().dmScope()));
        channels = new ChannelRegistry();
        if (config.channels().telegram().enabled()) {
            telegram = new TelegramChannel(config.channels().telegram(), dataDir, store);
            channels.register(TelegramChannel.NAME, telegram);
            main.configure().addRoutesBuilder(telegram.routes());
        }
        senders = channels; // POST /api/send delivers through the channels' outbound routes
        DmPolicyGate policy = new DmPolicyGate(new PairingStore(store), (channel, account) ->
                telegram != null && TelegramChannel.NAME.equals(channel)
                        ? telegram.policyRule(account, configState.current().config().channels().telegram()) : null);
        main.configure().addRoutesBuilder(new PipelineRoutes(hooks, policy, router, lanes, channels::observerFor));
        main.configure().addRoutesBuilder(new OutboundRoutes(hooks));
        service = new GatewayService(lanes, sessions, runner, hooks);
        access = new GatewayAccess(AuthPolicy.of(config.gateway().auth(), token, loginSessions),
                AuthPolicy.of(webAuth(), token, loginSessions), loginSessions, AttemptLimiter.standard(),
                new io.pigateway.security.ClientKeys(config.gateway().trustedProxies()),
                config.gateway().publicUrl() != null && config.gateway().publicUrl().trim().toLowerCase(java.util.Locale.ROOT)
                        .startsWith("https://"));
        control = new ControlPlane(service, configState, senders);
        toolWorkers = Executors.newFixedThreadPool(4, daemon("agent-tools"));
        ConfigState liveConfig = configState;
        tools = AgentToolsSetup.endpoint(config, () -> liveConfig.current().config(), dataDir, vertx, toolSecrets, pi, sessions, telegram, channels,
                new RuntimeControl(control, service::isBusy, this, config.agent().turnTimeoutMs()), toolWorkers,
                chat -> policy.isOperatorChat(chat.channel(), chat.accountId(), chat.scope(), chat.chatId()));
        main.configure().addRoutesBuilder(authConfiguration());
        main.configure().addRoutesBuilder(new ApiRoutes(this::health));
        main.configure().addRoutesBuilder(new SessionRoutes(control));
        main.configure().addRoutesBuilder(new AdminRoutes(control));
        if (config.hooks().enabled()) {
            main.configure().addRoutesBuilder(new HookRoutes(control, config.hooks().path(), config.hooks().token(),
                    config.agent().id(), access.limiter()));
        }

        main.init();
        CamelContext camel = main.getCamelContext();
        var httpConfig = GatewayHttpServer.configuration(host, port);
        // the platform-http engine finds the port through this bean
        camel.getRegistry().bind("gateway-http-config", httpConfig);
        camel.addService(new GatewayHttpServer(httpConfig, frontDoor(camel)).withLimits(config.gateway().http()));
        hooks.attach(camel);
        runner.attach(camel);
        service.attach(camel);
        channels.attach(camel);
        main.start();
        // turns pick their pool dynamically (roles), so warm the main pool now: /health reports it
        // and its minimum of pi processes should not wait for the first message
        camel.getEndpoint("pi-rpc:" + PiSetup.MAIN_POOL);
        if (telegram != null) {
            telegram.start(camel, service, policy, config.agent().id(), DmScope.fromConfig(config.agent().dmScope()));
        }
        hooks.run(HookPoint.GATEWAY_START, new HookContext());
        LOG.info("pi-gateway listening on http://{}:{} (config: {})", host, port,
                configSource != null ? configSource : "built-in defaults");
        announceToken();
        return this;
    }

    /** Paths without gateway auth: health, sign-in, and the hooks wake-up (it has its own token). */
    private Set<String> publicPaths() {
        Set<String> paths = new java.util.HashSet<>(Set.of("/health", AuthEndpoints.AUTH, AuthEndpoints.LOGIN,
                AuthEndpoints.LOGOUT));
        if (config.hooks().enabled()) {
            paths.add(HookRoutes.wakePath(config.hooks().path()));
        }
        if (telegram != null) {
            paths.addAll(telegram.publicPaths()); // webhooks check Telegram's secret token instead
        }
        paths.addAll(ToolEndpoint.publicPaths()); // they check the calling pi process's secret instead
        return paths;
    }

    /** {@code channels.webchat.auth} when set, else {@code gateway.auth}. */
    private AuthConfig webAuth() {
        AuthConfig own = config.channels().webchat().auth();
        return own != null ? own : config.gateway().auth();
    }

    private FrontDoor frontDoor(CamelContext camel) {
        ExecutorService workers = camel.getExecutorServiceManager().newThreadPool(this, "ws-methods", 2, 8);
        WsMethods methods = new WsMethods(control, workers, config.agent().id());
        return new FrontDoor(access, control, methods, publicPaths(), config.gateway().allowedOrigins(),
                config.agent().turnTimeoutMs()).withPage(config.channels().webchat().enabled()
                        ? new io.pigateway.channel.webchat.WebChatPage() : null).withHandlers(tools::mount)
                .withTokenHint(tokenHint())
                .withHosts(io.pigateway.api.RequestGuard.HostAllowlist.of(config))
                .withWsPing(java.time.Duration.ofSeconds(config.gateway().http().wsPingSeconds()));
    }

    private RouteConfigurationBuilder authConfiguration() {
        ApiAuth auth = new ApiAuth(access.api(), publicPaths());
        return new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration().interceptFrom("platform-http:*").process(auth);
            }
        };
    }

    private static void requirePassword(AuthConfig auth) {
        if ("password".equals(auth.mode()) && (auth.password() == null || auth.password().isBlank())) {
            throw new IllegalStateException("auth mode \"password\" needs a password (gateway.auth.password or "
                    + "channels.webchat.auth.password)");
        }
    }

    private void announceToken() {
        if ("token".equals(config.gateway().auth().mode()) && token.generated()) {
            out.println("Generated a gateway token (shown once; stored in "
                    + ConfigPaths.dataDir(config).resolve("gateway-token") + "):");
            out.println("  " + token.value());
        } else if (tokenHint() != null) {
            out.println("Gateway token: " + tokenHint()); // every start: the README's first question
        }
    }

    /** Where the token is, as an operator would look for it ({@code ~} for home); null without token auth. */
    private String tokenHint() {
        if (!"token".equals(config.gateway().auth().mode()) && !"token".equals(webAuth().mode())) {
            return null;
        }
        if (config.gateway().auth().token() != null && !config.gateway().auth().token().isBlank()) {
            return "gateway.auth.token in the gateway's config file";
        }
        return "in " + ConfigPaths.tildeForm(ConfigPaths.dataDir(config).resolve("gateway-token"));
    }

    /** The figures {@code GET /health} reports. */
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("uptimeMs", Duration.between(startedAt, Instant.now()).toMillis());
        h.put("pool", pi.getPool("main").stats());
        h.put("queues", lanes.stats());
        h.put("sessions", store.countSessions());
        h.put("channels", Map.of("webchat", config.channels().webchat().enabled(),
                "telegram", config.channels().telegram().enabled()));
        return h;
    }

    /** The running channels (e.g. {@code (TelegramChannel) channels().get("telegram")} for media sends). */
    public ChannelRegistry channels() {
        return channels;
    }

    public GatewayService service() {
        return service;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public PiRpcComponent pi() {
        return pi;
    }

    /** The secrets of the running pi processes' tool calls (where a sandbox finds the handover dir). */
    public ToolSecrets toolSecrets() {
        return toolSecrets;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public String token() {
        return token.value();
    }

    /**
     * Graceful restart in this JVM: the config file is re-read first (an invalid one throws and
     * leaves the gateway running), then everything stops (pi processes included) and starts again
     * on the same port override and data dir.
     */
    public void restart() throws Exception {
        LoadedConfig fresh = readConfigForRestart();
        synchronized (this) {
            close();
            apply(fresh);
            start();
        }
    }

    /** The config a restart would use; throws {@link io.pigateway.config.ConfigException} when invalid. */
    public LoadedConfig readConfigForRestart() {
        return configSource != null ? ConfigLoader.loadFile(configSource, System.getenv()) : configState.current();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C / SIGTERM), which shuts the gateway down. */
    public void awaitShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "pi-gateway-shutdown"));
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (main == null) {
            return;
        }
        try {
            if (hooks != null) {
                hooks.run(HookPoint.GATEWAY_STOP, new HookContext());
            }
            if (telegram != null) {
                telegram.stop();
            }
            main.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping camel", e);
        } finally {
            main = null;
            if (toolWorkers != null) {
                toolWorkers.shutdownNow();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (store != null) {
                store.close();
            }
            if (toolSecrets != null) {
                toolSecrets.close();
            }
        }
    }
}
