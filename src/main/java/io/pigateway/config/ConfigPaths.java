package io.pigateway.config;

import java.nio.file.Path;

/** Turns configured path strings into real paths. */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /** {@code ~/x} and {@code ~} relative to the user's home; anything else unchanged. */
    public static Path expandHome(String path) {
        return expandHome(path, Path.of(System.getProperty("user.home")));
    }

    /** Like {@link #expandHome(String)} with an explicit home directory (for tests and lookup). */
    public static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }

    /** Where durable state lives ({@code gateway.dataDir}), absolute. */
    public static Path dataDir(GatewayConfig config) {
        return expandHome(config.gateway().dataDir()).toAbsolutePath().normalize();
    }
}
