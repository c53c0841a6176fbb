package io.pigateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded configuration and where it came from.
 *
 * @param config   the effective, validated configuration
 * @param source   the file it was read from; null when no file was found and defaults apply
 * @param warnings non-fatal findings (unknown keys, duplicate keys), one line each
 */
public record LoadedConfig(GatewayConfig config, Path source, List<String> warnings) {
    public LoadedConfig {
        warnings = warnings != null ? List.copyOf(warnings) : List.of();
    }
}
