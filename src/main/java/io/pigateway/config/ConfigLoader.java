package io.pigateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and loads the configuration. Lookup order: the explicit path ({@code --config}), env
 * {@code PI_GATEWAY_CONFIG}, {@code ./pi-gateway.jsonc}, {@code ./pi-gateway.json},
 * {@code ~/.pi/gateway/pi-gateway.jsonc}; with none of them, built-in defaults. A path that was
 * asked for explicitly (flag or env) must exist. Working directory, home and environment are
 * injected so the lookup is testable; {@link #fromSystem()} uses the real ones.
 */
public final class ConfigLoader {

    public static final String CONFIG_ENV_VAR = "PI_GATEWAY_CONFIG";

    private final Path cwd;
    private final Path home;
    private final Map<String, String> env;

    public ConfigLoader(Path cwd, Path home, Map<String, String> env) {
        this.cwd = cwd;
        this.home = home;
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(Path.of("").toAbsolutePath(), ConfigPaths.home(),
                System.getenv());
    }

    /** Lookup without an explicit path. */
    public LoadedConfig load() {
        return load(null);
    }

    /**
     * @param explicitPath the {@code --config} value, or null
     * @throws ConfigException when the file is missing (if asked for explicitly), unreadable or invalid
     */
    public LoadedConfig load(String explicitPath) {
        return locate(explicitPath)
                .map(file -> loadFile(file, env))
                .orElseGet(() -> new LoadedConfig(GatewayConfig.defaults(), null, List.of()));
    }

    /** Re-reads the file a config came from (defaults stay defaults), e.g. for {@code config.reload}. */
    public LoadedConfig reload(LoadedConfig previous) {
        return previous.source() != null ? loadFile(previous.source(), env) : load();
    }

    /** The file the lookup picks, or empty when defaults apply. */
    public Optional<Path> locate(String explicitPath) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            return Optional.of(requireExisting(explicitPath, "--config"));
        }
        String fromEnv = env.get(CONFIG_ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(requireExisting(fromEnv, CONFIG_ENV_VAR));
        }
        return candidates().stream().filter(Files::isRegularFile).findFirst();
    }

    /** The implicit locations, in lookup order. */
    public List<Path> candidates() {
        return List.of(
                cwd.resolve("pi-gateway.jsonc"),
                cwd.resolve("pi-gateway.json"),
                home.resolve(".pi/gateway/pi-gateway.jsonc"));
    }

    /** Reads and validates one file with the given environment. */
    public static LoadedConfig loadFile(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.of("cannot read " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // editors on Windows like to add a BOM
        }
        return ConfigParser.parse(text, env, file);
    }

    /** Parses config text; for tests and reload. Warnings are dropped; use {@link #parseLoaded} to see them. */
    public static GatewayConfig parse(String jsonc, Map<String, String> env) {
        return parseLoaded(jsonc, env).config();
    }

    /** Parses config text keeping warnings; the result's source is null. */
    public static LoadedConfig parseLoaded(String jsonc, Map<String, String> env) {
        return ConfigParser.parse(jsonc, env, null);
    }

    private Path requireExisting(String path, String origin) {
        Path file = cwd.resolve(ConfigPaths.expandHome(path, home)).normalize();
        if (!Files.isRegularFile(file)) {
            throw ConfigException.of("config file " + file + " (from " + origin + ") does not exist");
        }
        return file;
    }
}
