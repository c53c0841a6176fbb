package io.pigateway.cli;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.LoadedConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --config PATH} option, mixed into every command that reads the config. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "PATH",
            description = "Config file (default: $PI_GATEWAY_CONFIG, ./pi-gateway.jsonc, ./pi-gateway.json, "
                    + "~/.pi/gateway/pi-gateway.jsonc)")
    Path config;

    /** Loads the config and prints its warnings to stderr. */
    public LoadedConfig load() {
        LoadedConfig loaded = ConfigLoader.fromSystem().load(config != null ? config.toString() : null);
        loaded.warnings().forEach(w -> System.err.println("warning: " + w));
        return loaded;
    }
}
