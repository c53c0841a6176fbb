package io.pigateway.rpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code pi-rpc:<poolName>}: one {@link PiPool} of {@code pi --mode rpc} processes per pool name,
 * shared by every endpoint that names it (as camel-seda shares a queue by name).
 *
 * <p>A pool's settings are the component's options below (the defaults, e.g.
 * {@code camel.component.pi-rpc.poolMax=8} in camel-main's properties), adjusted per pool by the
 * assembly ({@link #configurePool}), then overridden by the URI options of the endpoint that
 * creates the pool ({@code pi-rpc:role-x?poolMax=2}). The first endpoint of a name creates the pool;
 * a later endpoint of that name whose URI asks for different pool settings fails to start, since
 * one pool cannot have two sizes (as camel-seda refuses a queue of another size; give it another
 * name). Endpoints without pool options just share the pool. How to spawn pi ({@link PiProcessSpec}) is set in Java, not in a URI.
 *
 * <p>The pools named in {@code warmUpPools} start with the component, so their warm processes spawn
 * while the routes start instead of at the first message; every other pool starts with the first
 * endpoint that uses it. All pools stop with the component.
 */
@Component("pi-rpc")
public class PiRpcComponent extends DefaultComponent {
    @Metadata(label = "pool", defaultValue = "1", description = "Processes a pool keeps running even when idle")
    private int poolMin = 1;
    @Metadata(label = "pool", defaultValue = "4", description = "Most processes a pool runs: its turns in flight")
    private int poolMax = 4;
    @Metadata(label = "pool", defaultValue = "300000",
            description = "An idle process above poolMin is stopped after this many ms")
    private long idleTimeoutMs = 300_000;
    @Metadata(label = "pool", defaultValue = "10000",
            description = "Turns that may wait for a free process; one more is refused as busy")
    private int maxWaiting = 10_000;
    @Metadata(label = "producer", defaultValue = "600000",
            description = "A turn still running after this many ms is aborted and answered with a timeout")
    private long turnTimeoutMs = 600_000;
    @Metadata(label = "advanced", defaultValue = "60000",
            description = "A process that does not answer its first get_state within this many ms is restarted")
    private long startTimeoutMs = PiPoolSettings.DEFAULT_START_TIMEOUT_MS;
    @Metadata(label = "advanced", defaultValue = "16777216",
            description = "Longest line of pi's output kept, in bytes; longer lines are dropped")
    private int maxLineBytes = PiPoolSettings.DEFAULT_MAX_LINE_BYTES;
    @Metadata(label = "advanced", description = "Comma-separated pool names to start with the component")
    private String warmUpPools;

    private final Map<String, PiPool> pools = new ConcurrentHashMap<>();
    private final Map<String, PiProcessSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<PiPoolSettings>> adjustments = new ConcurrentHashMap<>();
    private final Map<String, ModelChain> chains = new ConcurrentHashMap<>();
    private volatile ModelHealth modelHealth = new ModelHealth();
    private PiProcessSpec spec;
    private ExecutorService callbackExecutor;
    private Function<String, PiProcessListener> processListeners = pool -> PiProcessListener.NONE;

    /** How pools without their own spec ({@link #configurePool}) spawn pi. */
    /**
     * How much longer than usual a JVM shutdown (SIGTERM) lets pi processes run before killing
     * them: the gateway drains its turns first and then stops pi itself.
     */
    public static void holdProcessesOnShutdown(long ms) {
        ChildProcesses.holdOnShutdown(ms);
    }

    /** The hold {@link #holdProcessesOnShutdown} set last (a config reload updates it). */
    public static long processHoldOnShutdownMs() {
        return ChildProcesses.holdOnShutdownMs();
    }

    public void setSpec(PiProcessSpec spec) {
        this.spec = spec;
    }

    /** Sets every default pool option at once (from the gateway's {@code agent} config, or a test). */
    public void setSettings(PiPoolSettings settings) {
        poolMin = settings.min();
        poolMax = settings.max();
        idleTimeoutMs = settings.idleTimeoutMs();
        maxWaiting = settings.maxWaiting();
        turnTimeoutMs = settings.turnTimeoutMs();
        startTimeoutMs = settings.startTimeoutMs();
        maxLineBytes = settings.maxLineBytes();
    }

    /** The default pool settings: the options of this component. */
    public PiPoolSettings defaultSettings() {
        return new PiPoolSettings(poolMin, poolMax, idleTimeoutMs, maxWaiting, turnTimeoutMs, startTimeoutMs,
                maxLineBytes);
    }

    /**
     * Hooks each pool's processes (per-process env, exit notice): {@code perPool} gives the listener
     * for a pool name (process ids are unique within a pool only). Set before the first pool starts.
     */
    public void setProcessListeners(Function<String, PiProcessListener> perPool) {
        this.processListeners = perPool;
    }

    /** A pool with its own spawn spec (e.g. a role's capabilities); other pools use {@link #setSpec}. */
    public void configurePool(String poolName, PiProcessSpec spec) {
        configurePool(poolName, spec, UnaryOperator.identity());
    }

    /**
     * As above, and {@code adjust} turns the default settings into this pool's (e.g. a role pool
     * that starts empty: {@code s -> s.withMin(0)}); URI options still override the result.
     */
    public void configurePool(String poolName, PiProcessSpec spec, UnaryOperator<PiPoolSettings> adjust) {
        specs.put(poolName, spec);
        adjustments.put(poolName, adjust);
    }

    /**
     * Turns sent to {@code poolName} fail over along {@code chain} (its first link is that pool;
     * the others' pools are configured with {@link #configurePool} and start on first use); null
     * removes the pool's chain (a reload dropped the fallbacks).
     */
    public void configureFailover(String poolName, ModelChain chain) {
        if (chain == null) {
            chains.remove(poolName);
            return;
        }
        chains.put(poolName, chain);
        chain.links().forEach(link -> modelHealth.track(link.model()));
    }

    /** The failover chain of a pool, or null: its turns run on its own model only. */
    ModelChain chain(String poolName) {
        return chains.get(poolName);
    }

    /** Per model: cooling down or not, answers, failures, failovers ({@code /health}). */
    public ModelHealth modelHealth() {
        return modelHealth;
    }

    /** Tests: cooldowns on a clock of their own (set before the first turn). */
    void setModelHealth(ModelHealth health) {
        this.modelHealth = health;
    }

    /**
     * After a config reload changed the defaults ({@link #setSettings}, {@link #setSpec}) or a pool's
     * spec: every running pool takes its new settings and spec ({@link PiPool#reconfigure}). URI
     * pool options are not re-applied; the reloaded config's values win.
     */
    public void reconfigureRunningPools() {
        pools.forEach((name, pool) -> pool.reconfigure(specs.getOrDefault(name, spec), baseSettings(name)));
    }

    /** The pool of that name, or null if it has not started (diagnostics, /health). */
    public PiPool getPool(String poolName) {
        return pools.get(poolName);
    }

    public Map<String, PiPool> getPools() {
        return Map.copyOf(pools);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PiRpcEndpoint endpoint = new PiRpcEndpoint(uri, this, remaining.isBlank() ? "main" : remaining);
        setProperties(endpoint, parameters); // an unknown option is left over, and Camel reports it
        return endpoint;
    }

    /** The pool for this endpoint: created (and started) by the first endpoint of its name. */
    PiPool pool(PiRpcEndpoint endpoint) {
        String name = endpoint.getPoolName();
        PiPool pool = pools.computeIfAbsent(name, n -> start(n, endpoint.poolSettings(baseSettings(n))));
        PiPoolSettings wanted = endpoint.poolSettings(pool.settings());
        if (!wanted.equals(pool.settings())) {
            throw new IllegalArgumentException("pi-rpc: pool '" + name + "' already runs with " + pool.settings()
                    + "; " + endpoint.getEndpointUri() + " asks for " + wanted
                    + ". A pool has one size: use another pool name for other settings");
        }
        return pool;
    }

    /** The pool of that name with the component's settings for it, started on first use (fallback pools). */
    PiPool pool(String name) {
        return pools.computeIfAbsent(name, n -> start(n, baseSettings(n)));
    }

    private PiPoolSettings baseSettings(String poolName) {
        return adjustments.getOrDefault(poolName, UnaryOperator.identity()).apply(defaultSettings());
    }

    private PiPool start(String name, PiPoolSettings settings) {
        PiProcessSpec s = specs.getOrDefault(name, spec);
        if (s == null) {
            throw new IllegalStateException("pi-rpc: no spec for pool '" + name + "': set one on the component");
        }
        PiPool pool = new PiPool(name, s, settings, processListeners.apply(name));
        pool.start();
        return pool;
    }

    /** Where {@code callback.done} runs, so routes never continue on a pi reader thread. */
    ExecutorService callbackExecutor() {
        return callbackExecutor;
    }

    /**
     * Starts the {@code warmUpPools} now, before the CamelContext starts this component: pi takes
     * longer to start (~1.3 s) than the whole gateway, so its first process should spawn first.
     * When the component starts, these pools take its options as bound by then
     * ({@code camel.component.pi-rpc.*} in camel-main's properties).
     */
    public void warmUpNow() {
        if (warmUpPools == null) {
            return;
        }
        for (String name : warmUpPools.split(",")) {
            if (!name.isBlank()) {
                pools.computeIfAbsent(name.strip(), n -> start(n, baseSettings(n)));
            }
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        callbackExecutor = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "pi-rpc-callback");
        // pools warmed before the start: the options may have been bound since (same spec: sizes only)
        pools.forEach((name, pool) -> pool.reconfigure(specs.getOrDefault(name, spec), baseSettings(name)));
        warmUpNow();
    }

    @Override
    protected void doStop() throws Exception {
        pools.values().forEach(PiPool::stop);
        pools.clear();
        if (callbackExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdown(callbackExecutor);
            callbackExecutor = null;
        }
        super.doStop();
    }

    public int getPoolMin() {
        return poolMin;
    }

    public void setPoolMin(int poolMin) {
        this.poolMin = poolMin;
    }

    public int getPoolMax() {
        return poolMax;
    }

    public void setPoolMax(int poolMax) {
        this.poolMax = poolMax;
    }

    public long getIdleTimeoutMs() {
        return idleTimeoutMs;
    }

    public void setIdleTimeoutMs(long idleTimeoutMs) {
        this.idleTimeoutMs = idleTimeoutMs;
    }

    public int getMaxWaiting() {
        return maxWaiting;
    }

    public void setMaxWaiting(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    public long getTurnTimeoutMs() {
        return turnTimeoutMs;
    }

    public void setTurnTimeoutMs(long turnTimeoutMs) {
        this.turnTimeoutMs = turnTimeoutMs;
    }

    public long getStartTimeoutMs() {
        return startTimeoutMs;
    }

    public void setStartTimeoutMs(long startTimeoutMs) {
        this.startTimeoutMs = startTimeoutMs;
    }

    public int getMaxLineBytes() {
        return maxLineBytes;
    }

    public void setMaxLineBytes(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    public String getWarmUpPools() {
        return warmUpPools;
    }

    public void setWarmUpPools(String warmUpPools) {
        this.warmUpPools = warmUpPools;
    }
}
