package io.pigateway.app;

import io.pigateway.api.ConfigState;
import io.pigateway.app.camel.CamelMainSetup;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LiveConfig;
import io.pigateway.config.LoadedConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.security.GatewayToken;
import io.pigateway.store.PostgresClusterService;
import io.pigateway.store.StateStore;
import io.pigateway.store.StateStores;
import io.pigateway.tools.ToolSecrets;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one gateway: opens the state store and token, lets every module (built-ins and plugins,
 * see {@link Modules}) register on one camel-main, and starts it. {@link #start()} returns once
 * {@code /health} answers; {@link #close()} stops everything, pi processes included.
 */
public final class GatewayRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    private final Path configSource;
    private final int portOverride;
    private final PrintStream out;
    private final Instant startedAt = Instant.now();
    private GatewayConfig config;
    private ConfigState configState;
    private int port;
    private String host;
    private Main main;
    private StateStore store;
    private Vertx vertx;
    private GatewayToken token;
    private volatile Registrations registrations;
    private final GatewayRestart restarts = new GatewayRestart(this);

    /**
     * @param port the port to listen on, overriding {@code gateway.port} when > 0 (0: as configured)
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

    public synchronized GatewayRuntime start() throws Exception {
        io.pigateway.logging.LogFormat.apply(config.logging().format()); // text or one JSON object per line
        host = ListenAddress.resolve(config.gateway());
        ListenAddress.ensureFree(host, port);
        Path dataDir = ConfigPaths.dataDir(config);
        GatewayState state = GatewayState.open(config, dataDir);
        store = new io.pigateway.store.ResilientStateStore(state.store()); // keeps answering when writes fail
        token = state.token();

        main = new Main();
        CamelMainSetup.apply(main, config, () -> configState.current().config()); // settings, placeholders, YAML routes
        main.configure().setName("pi-gateway");
        main.configure().setJmxEnabled(false);
        main.configure().httpServer().setEnabled(false); // our own listener (GatewayHttpServer)
        vertx = Vertx.vertx();

        Registrations fresh = new Registrations();
        fresh.beans.put("kernel", new GatewayKernel(config, configState, configSource, dataDir, store, token,
                host, port, vertx, out, this));
        fresh.beans.put("liveConfig", (LiveConfig) () -> configState.current().config());
        fresh.beans.put("stateStore", store);
        fresh.beans.put("vertx", vertx);
        Modules.registerAll(Modules.load(config), config, dataDir, fresh);
        Modules.apply(fresh, main);
        registrations = fresh; // readers see a complete set (a restart replaces it)
        // pi's start (~1.3 s) is the longest part of the gateway's: begin it now, before camel-main's
        // init, and after the modules' registration (plugin tools are written into pi's extension)
        PiRpcComponent agent = pi();
        if (agent != null) {
            agent.warmUpNow();
        }

        main.init();
        CamelContext camel = main.getCamelContext();
        registrations.beans.put("camelContext", camel);
        registrations.services.forEach(s -> addService(camel, s.value()));
        if (config.store().usesPostgres()) { // instances share the store: pollers and the like run on one leader
            addService(camel, new PostgresClusterService(StateStores.target(config.store()),
                    config.cluster().instanceId())); // one name in /health, /metrics and the Kafka replies
        }
        main.start();
        for (Registrations.Registered<Channel> c : registrations.channels) {
            c.value().start(camel);
        }
        // the seed's context: the (redacted: hooks may log it) config and where the gateway listens
        hooks().run(HookPoint.GATEWAY_START, new HookContext(java.util.Map.of("config",
                io.pigateway.config.ConfigRedactor.redact(config), "port", port)));
        LOG.info("pi-gateway listening on http://{}:{} (config: {})", host, port,
                configSource != null ? configSource : "built-in defaults");
        TokenNotice.announce(config, token, out);
        // at SIGTERM pi must outlive the drain (the JVM's reaper would kill it after 3 s), as long as reloaded
        holdPiForTheDrain(config);
        configState.onReload((running, reloaded, diff) -> holdPiForTheDrain(reloaded));
        return this;
    }

    private static void holdPiForTheDrain(GatewayConfig config) {
        PiRpcComponent.holdProcessesOnShutdown(config.gateway().drainTimeoutMs() + GatewayDrain.ABORT_GRACE_MS);
    }

    private static void addService(CamelContext camel, org.apache.camel.Service service) {
        try {
            camel.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not add the service " + service, e);
        }
    }

    /** The figures {@code GET /health} reports. */
    public Map<String, Object> health() {
        return HealthReport.of(startedAt, config, pi(), bean(LaneDispatcher.class), store,
                registrations.channels.stream().map(Registrations.Registered::value).toList(), camel());
    }

    /** A bean a module bound, by type (e.g. {@code bean(ChannelRegistry.class)}). */
    public <T> T bean(Class<T> type) {
        return registrations.bean(type).orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName()
                + " is running"));
    }

    /** What the modules registered (for {@code plugins list} and tests). */
    public Registrations registrations() {
        return registrations;
    }

    public ChannelRegistry channels() {
        return bean(ChannelRegistry.class);
    }

    public GatewayService service() {
        return bean(GatewayService.class);
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** The running pi-rpc component; null while the gateway (re)starts. */
    public PiRpcComponent pi() {
        Registrations current = registrations;
        return current == null ? null : current.bean(PiRpcComponent.class).orElse(null);
    }

    /** The secrets of the running pi processes' tool calls (where a sandbox finds the handover dir). */
    public ToolSecrets toolSecrets() {
        return bean(ToolSecrets.class);
    }

    private HookRegistry hooks() {
        return bean(HookRegistry.class);
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
        restart(readConfigForRestart());
    }

    /** As {@link #restart()}, with a config already read and checked. */
    void restart(LoadedConfig fresh) throws Exception {
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

    /** Restarts and stops that drain first: {@code gateway restart}, {@code POST /api/gateway/restart}, SIGTERM. */
    public GatewayRestart restarts() {
        return restarts;
    }

    synchronized boolean isRunning() {
        return main != null;
    }

    /**
     * Blocks until the JVM is asked to stop (Ctrl-C / SIGTERM), which drains the gateway (see
     * {@link GatewayDrain}) and shuts it down.
     */
    public void awaitShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            restarts.drainAndStop();
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
            if (main.getCamelContext() != null && main.getCamelContext().isStarted()) {
                hooks().run(HookPoint.GATEWAY_STOP, new HookContext());
            }
            registrations.channels.forEach(c -> c.value().stop());
            main.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping camel", e);
        } finally {
            main = null;
            if (vertx != null) {
                vertx.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }
}
