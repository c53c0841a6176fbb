package io.pigateway.api;

import io.pigateway.config.ConfigDiff;
import io.pigateway.config.ConfigException;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LoadedConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running configuration and the file it came from, for {@code GET /api/config} and reload.
 * A reload loads and validates the whole file first; an invalid one leaves the running config
 * untouched. A valid one becomes the running config, and each registered {@link Applier} applies
 * its part ({@link ConfigDiff} says which key paths changed and which of them wait for a restart).
 */
public final class ConfigState {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigState.class);

    /** A part of the gateway that applies a reloaded config at once (e.g. the pi pools). */
    @FunctionalInterface
    public interface Applier {
        void apply(GatewayConfig running, GatewayConfig fresh, ConfigDiff diff);
    }

    /** The outcome of a reload: the new config and what changed. */
    public record Reload(LoadedConfig config, ConfigDiff diff) {
    }

    private final AtomicReference<LoadedConfig> current;
    private final Map<String, String> env;
    private final List<Applier> appliers = new CopyOnWriteArrayList<>();

    public ConfigState(LoadedConfig initial, Map<String, String> env) {
        this.current = new AtomicReference<>(initial);
        this.env = env;
    }

    public LoadedConfig current() {
        return current.get();
    }

    public void onReload(Applier applier) {
        appliers.add(applier);
    }

    /**
     * Re-reads the config file. Reloads are serialized (a file watch and an API call may race).
     *
     * @throws ConfigException       when the file is invalid (the running config is kept)
     * @throws IllegalStateException when the gateway runs on built-in defaults (no file to re-read)
     */
    public synchronized Reload reload() {
        LoadedConfig previous = current.get();
        if (previous.source() == null) {
            throw new IllegalStateException("the gateway was started without a config file; nothing to reload");
        }
        LoadedConfig fresh = ConfigLoader.loadFile(previous.source(), env);
        ConfigDiff diff = ConfigDiff.between(previous.config(), fresh.config());
        current.set(fresh);
        for (Applier applier : appliers) {
            try {
                applier.apply(previous.config(), fresh.config(), diff);
            } catch (RuntimeException e) { // one part failing must not keep the others on the old config
                LOG.error("config reload: applying {} failed", applier, e);
            }
        }
        LOG.info("config reloaded from {}: applied {}, restart needed for {}", fresh.source(), diff.applied(),
                diff.restartNeeded());
        return new Reload(fresh, diff);
    }
}
