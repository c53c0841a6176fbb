package io.pigateway.app;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.plugin.GatewayPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's plugins, loaded and registered without starting a gateway: what {@code pi-gw plugins
 * list} prints and where {@code pi-gw} finds plugin subcommands. {@link #register} is also the
 * plugin half of the runtime's module loop: unique names, isolation, failures recorded.
 */
public final class PluginCatalog {

    /** One plugin: the name its registrations are tagged with and the jar or folder it came from. */
    public record Entry(String name, Path source, GatewayPlugin plugin) {
    }

    /**
     * @param plugins       the plugins that loaded, in order
     * @param registrations what they registered ({@code failed} names those whose register() threw)
     * @param unloadable    jars or folders that could not be loaded: path → why
     */
    public record Report(List<Entry> plugins, Registrations registrations, Map<Path, String> unloadable) {
    }

    private PluginCatalog() {
    }

    /** Loads the plugins {@code config} names (and {@code baseDir/plugins/*.jar}) and runs their register(). */
    public static Report inspect(GatewayConfig config, Path baseDir) {
        Map<Path, String> unloadable = new LinkedHashMap<>();
        List<GatewayPlugin> plugins = PluginLoader.load(config, baseDir, unloadable::put);
        Registrations registrations = new Registrations();
        List<Entry> entries = register(plugins, config, ConfigPaths.dataDir(config), registrations);
        return new Report(entries, registrations, unloadable);
    }

    /**
     * Registers each plugin through its own isolated {@link ModuleApi}; a name already taken (by a
     * built-in module in {@code into}, or an earlier plugin) gets a {@code -2}, {@code -3}... suffix.
     */
    public static List<Entry> register(List<GatewayPlugin> plugins, GatewayConfig config, Path dataDir,
                                       Registrations into) {
        Set<String> taken = new HashSet<>(modulesIn(into));
        List<Entry> entries = new ArrayList<>();
        for (GatewayPlugin plugin : plugins) {
            String name = unique(PluginLoader.safeName(plugin), taken);
            PluginIsolation.register(plugin, ModuleApi.of(plugin, name, config, dataDir, into), into);
            entries.add(new Entry(name, PluginLoader.sourceOf(plugin), plugin));
        }
        return entries;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private static Set<String> modulesIn(Registrations r) {
        Set<String> names = new HashSet<>(r.failed.keySet());
        for (List<? extends Registrations.Registered<?>> list : List.of(r.channels, r.tools, r.hooks, r.httpRoutes,
                r.methods, r.commands, r.services, r.clis, r.routes)) {
            list.forEach(e -> names.add(e.module()));
        }
        return names;
    }
}
