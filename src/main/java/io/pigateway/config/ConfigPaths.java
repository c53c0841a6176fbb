package io.pigateway.config;

import java.nio.file.Path;
import java.util.Map;

/** Turns configured path strings into real paths. */
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /**
     * The user's home: {@code $HOME} when set, else {@code user.home}. {@code ~} means {@code $HOME}
     * as in every shell and in pi, so a gateway run with another HOME writes where the README looks.
     */
    public static Path home() {
        return home(System.getenv(), System.getProperty("user.home"));
    }

    /** {@link #home()} from an explicit environment and {@code user.home} (for tests). */
    public static Path home(Map<String, String> env, String userHome) {
        String fromEnv = env.get("HOME");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : userHome);
    }

    /** {@code ~/x} and {@code ~} relative to {@link #home()}; anything else unchanged. */
    public static Path expandHome(String path) {
        return expandHome(path, home());
    }

    /** How a user would write {@code path}: under the home it starts with {@code ~/} (for hints). */
    public static String tildeForm(Path path) {
        Path home = home().toAbsolutePath().normalize();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(home) && !abs.equals(home) ? "~/" + home.relativize(abs).toString().replace('\\', '/')
                : abs.toString();
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
