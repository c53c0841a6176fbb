package io.pigateway.api;

import io.pigateway.config.ConfigException;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.LoadedConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running configuration and the file it came from, for {@code GET /api/config} and reload.
 * A reload that fails validation leaves the running config untouched. Sections that need a
 * restart (listener, auth, pool) keep their start-up values until the gateway restarts.
 */
public final class ConfigState {
    private final AtomicReference<LoadedConfig> current;
    private final Map<String, String> env;

    public ConfigState(LoadedConfig initial, Map<String, String> env) {
        this.current = new AtomicReference<>(initial);
        this.env = env;
    }

    public LoadedConfig current() {
        return current.get();
    }

    /**
     * Re-reads the config file.
     *
     * @throws ConfigException       when the file is invalid (the running config is kept)
     * @throws IllegalStateException when the gateway runs on built-in defaults (no file to re-read)
     */
    public LoadedConfig reload() {
        LoadedConfig previous = current.get();
        if (previous.source() == null) {
            throw new IllegalStateException("the gateway was started without a config file; nothing to reload");
        }
        LoadedConfig fresh = ConfigLoader.loadFile(previous.source(), env);
        current.set(fresh);
        return fresh;
    }
}
