package io.pigateway.rpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code pi-rpc:<poolName>}: one {@link PiPool} per pool name, all built from the spec and settings
 * set on the component before start ({@link #setSpec}, {@link #setSettings}, or per pool with
 * {@link #configurePool}). Wiring only; the logic lives in the pool.
 */
@Component("pi-rpc")
public class PiRpcComponent extends DefaultComponent {
    private final Map<String, PiPool> pools = new ConcurrentHashMap<>();
    private final Map<String, PiProcessSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, PiPoolSettings> poolSettings = new ConcurrentHashMap<>();
    private final Map<String, ModelChain> chains = new ConcurrentHashMap<>();
    private final ModelHealth modelHealth = new ModelHealth();
    private PiProcessSpec spec;
    private PiPoolSettings settings;
    private ExecutorService callbackExecutor;
    private java.util.function.Function<String, PiProcessListener> processListeners = pool -> PiProcessListener.NONE;

    public void setSpec(PiProcessSpec spec) {
        this.spec = spec;
    }

    public void setSettings(PiPoolSettings settings) {
        this.settings = settings;
    }

    /**
     * Hooks each pool's processes (per-process env, exit notice): {@code perPool} gives the listener
     * for a pool name (process ids are unique within a pool only). Set before the first pool starts.
     */
    public void setProcessListeners(java.util.function.Function<String, PiProcessListener> perPool) {
        this.processListeners = perPool;
    }

    /**
     * A pool with its own spec/settings (e.g. per role); others use the defaults. Called again
     * (config reload) it reconfigures the running pool ({@link PiPool#reconfigure}).
     */
    public void configurePool(String poolName, PiProcessSpec spec, PiPoolSettings settings) {
        specs.put(poolName, spec);
        poolSettings.put(poolName, settings);
        PiPool running = pools.get(poolName);
        if (running != null) {
            running.reconfigure(spec, settings);
        }
    }

    /**
     * Turns sent to {@code poolName} fail over along {@code chain} (its first link is that pool;
     * the others' pools are configured with {@link #configurePool} and start on first use).
     */
    public void configureFailover(String poolName, ModelChain chain) {
        if (chain == null) {
            chains.remove(poolName); // a reload removed the fallbacks
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

    /** The pool of that name, or null if no endpoint uses it (diagnostics, /health). */
    public PiPool getPool(String poolName) {
        return pools.get(poolName);
    }

    public Map<String, PiPool> getPools() {
        return Map.copyOf(pools);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PiRpcEndpoint endpoint = new PiRpcEndpoint(uri, this, remaining.isBlank() ? "main" : remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Creates and starts the pool now, so its warm processes spawn (~1.3 s for pi) while the rest of
     * the gateway boots instead of after it. Stopped with the component.
     */
    public PiPool warmUp(String poolName) {
        return pool(poolName);
    }

    /** Creates and starts the pool on first use. */
    PiPool pool(String poolName) {
        return pools.computeIfAbsent(poolName, name -> {
            PiProcessSpec s = specs.getOrDefault(name, spec);
            PiPoolSettings st = poolSettings.getOrDefault(name, settings);
            if (s == null || st == null) {
                throw new IllegalStateException("pi-rpc: set spec and settings on the component before using pool '" + name + "'");
            }
            PiPool pool = new PiPool(name, s, st, processListeners.apply(name));
            pool.start();
            return pool;
        });
    }

    /** Where {@code callback.done} runs, so routes never continue on a pi reader thread. */
    ExecutorService callbackExecutor() {
        return callbackExecutor;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        callbackExecutor = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "pi-rpc-callback");
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
}
