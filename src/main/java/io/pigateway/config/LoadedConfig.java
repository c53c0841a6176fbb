package io.pigateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A loaded configuration and where it came from.
 *
 * @param config         the effective, validated configuration
 * @param source         the file it was read from; null when no file was found and defaults apply
 * @param warnings       non-fatal findings (unknown keys, duplicate keys), one line each
 * @param substitutedEnv names of the environment variables its {@code ${...}} references read
 */
public record LoadedConfig(GatewayConfig config, Path source, List<String> warnings, Set<String> substitutedEnv) {
    public LoadedConfig {
        warnings = warnings != null ? List.copyOf(warnings) : List.of();
        substitutedEnv = substitutedEnv != null ? Set.copyOf(substitutedEnv) : Set.of();
    }

    public LoadedConfig(GatewayConfig config, Path source, List<String> warnings) {
        this(config, source, warnings, Set.of());
    }
}
