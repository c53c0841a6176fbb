package io.pigateway.app;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.plugin.GatewayPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the user's plugins: every jar in {@code plugins/} under the base directory, plus each path
 * of the config's {@code plugins} list (a jar, a folder of jars, or an exploded plugin folder that
 * holds {@code META-INF/services/io.pigateway.plugin.GatewayPlugin}, such as {@code target/classes}).
 * Each source gets its own class loader whose parent is the gateway's, so plugins share the
 * gateway's API types but not each other's classes. A source that cannot be loaded is logged with
 * its path and skipped; a jar without a {@code GatewayPlugin} service (a library, an extra Camel
 * component) is not a plugin and is left alone.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    /** The folder scanned by default, relative to the base directory. */
    public static final String DEFAULT_DIR = "plugins";
    static final String SERVICE_FILE = "META-INF/services/" + GatewayPlugin.class.getName();

    private PluginLoader() {
    }

    /** A plugin's own class loader: tells plugin code from the gateway's and remembers its source. */
    static final class PluginClassLoader extends URLClassLoader {
        private final Path source;

        PluginClassLoader(Path source, ClassLoader parent) throws MalformedURLException {
            super("plugin:" + source.getFileName(), new URL[] {source.toUri().toURL()}, parent);
            this.source = source;
        }
    }

    /**
     * The plugins of {@code baseDir/plugins/*.jar} and of {@code config.plugins()} (relative paths
     * against {@code baseDir}), sorted by {@link GatewayPlugin#order()}, each instantiated once.
     */
    public static List<GatewayPlugin> load(GatewayConfig config, Path baseDir) {
        return load(config, baseDir, (source, error) -> { });
    }

    /** As {@link #load(GatewayConfig, Path)}; each source that failed is also reported to {@code failures}. */
    public static List<GatewayPlugin> load(GatewayConfig config, Path baseDir, BiConsumer<Path, String> failures) {
        List<GatewayPlugin> plugins = new ArrayList<>();
        for (Path source : sources(config, baseDir, failures)) {
            plugins.addAll(loadSource(source, failures));
        }
        plugins.sort(Comparator.comparingInt(PluginLoader::safeOrder));
        return plugins;
    }

    /** Whether this module came from a plugin jar (and so runs isolated), not from the gateway itself. */
    public static boolean isPlugin(Object module) {
        return module != null && module.getClass().getClassLoader() instanceof PluginClassLoader;
    }

    /** The jar or folder a plugin was loaded from; null for a built-in module. */
    public static Path sourceOf(Object module) {
        return module != null && module.getClass().getClassLoader() instanceof PluginClassLoader loader
                ? loader.source : null;
    }

    /** The jars and folders to load, in order, without duplicates. */
    static List<Path> sources(GatewayConfig config, Path baseDir, BiConsumer<Path, String> failures) {
        Set<Path> sources = new LinkedHashSet<>();
        Path defaultDir = baseDir.resolve(DEFAULT_DIR);
        if (Files.isDirectory(defaultDir)) {
            sources.addAll(jarsIn(defaultDir));
        }
        for (String entry : config.plugins()) {
            Path path = baseDir.resolve(ConfigPaths.expandHome(entry)).toAbsolutePath().normalize();
            if (Files.isDirectory(path) && !Files.exists(path.resolve(SERVICE_FILE))) {
                sources.addAll(jarsIn(path));
            } else if (Files.isDirectory(path) || (Files.isRegularFile(path) && path.toString().endsWith(".jar"))) {
                sources.add(path);
            } else {
                LOG.warn("plugin {}: not a jar or a folder; skipped (config \"plugins\": \"{}\")", path, entry);
                failures.accept(path, "not a jar or a folder");
            }
        }
        return new ArrayList<>(sources);
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            LOG.warn("plugins folder {} cannot be read; skipped: {}", dir, e.getMessage());
            return List.of();
        }
    }

    /** The plugins one jar or folder provides; none (logged) when it cannot be loaded. */
    static List<GatewayPlugin> loadSource(Path source, BiConsumer<Path, String> failures) {
        if (Files.isRegularFile(source)) {
            // a class loader skips a corrupt jar without a word: open it first to say so
            try (JarFile jar = new JarFile(source.toFile())) {
                jar.size();
            } catch (IOException e) {
                LOG.warn("plugin {}: not a readable jar; skipped: {}", source, e.getMessage());
                failures.accept(source, "not a readable jar: " + e.getMessage());
                return List.of();
            }
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(source, PluginLoader.class.getClassLoader());
        } catch (MalformedURLException e) {
            LOG.warn("plugin {}: bad path; skipped", source, e);
            failures.accept(source, "bad path");
            return List.of();
        }
        List<GatewayPlugin> found = new ArrayList<>();
        try {
            // the parent's services are visible through this loader too: keep only the jar's own
            ServiceLoader.load(GatewayPlugin.class, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() == loader)
                    .forEach(provider -> {
                        try {
                            found.add(provider.get());
                        } catch (Throwable e) { // NOPMD: one plugin's constructor fails alone
                            LOG.warn("plugin {} of {}: cannot be created; skipped: {}", provider.type().getName(),
                                    source, e.toString(), e);
                            failures.accept(source, provider.type().getName() + ": " + PluginIsolation.sentence(
                                    e.getCause() != null ? e.getCause() : e));
                        }
                    });
        } catch (Throwable e) { // NOPMD: a broken jar (bad class, missing dependency) must not stop the gateway
            LOG.warn("plugin {}: cannot be loaded; skipped: {}", source, e.toString(), e);
            failures.accept(source, PluginIsolation.sentence(e));
            closeQuietly(loader);
            return List.of();
        }
        if (found.isEmpty()) {
            LOG.debug("{} provides no {}; not a plugin", source, GatewayPlugin.class.getSimpleName());
            closeQuietly(loader);
        } else {
            found.forEach(p -> LOG.info("plugin {} loaded from {}", safeName(p), source));
        }
        return found;
    }

    /** A plugin's name, or its class name when {@code name()} itself throws. */
    public static String safeName(GatewayPlugin plugin) {
        try {
            String name = plugin.name();
            return name == null || name.isBlank() ? plugin.getClass().getName() : name;
        } catch (Throwable e) { // NOPMD: the name is for logs; any failure falls back to the class
            return plugin.getClass().getName();
        }
    }

    private static int safeOrder(GatewayPlugin plugin) {
        try {
            return plugin.order();
        } catch (Throwable e) { // NOPMD: a broken order() only loses its place
            return 100;
        }
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("cannot close the class loader of {}", loader.source, e);
        }
    }
}
