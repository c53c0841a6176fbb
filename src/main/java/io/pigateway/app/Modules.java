package io.pigateway.app;

import io.pigateway.api.HttpSurface;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.ChatCommands;
import io.pigateway.plugin.GatewayPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.camel.main.Main;

/**
 * The module loop: finds the built-in modules ({@code META-INF/services/io.pigateway.plugin.GatewayPlugin})
 * and the user's plugins, lets each register in order, and applies what they registered to
 * camel-main. A built-in module that fails stops the start (the gateway is incomplete without it);
 * a user plugin that fails is logged with its name and left out, the rest runs on.
 */
final class Modules {

    private Modules() {
    }

    /** Built-ins from the gateway's own class path, then the configured plugins, in {@link GatewayPlugin#order()}. */
    static List<GatewayPlugin> load(GatewayConfig config) {
        List<GatewayPlugin> modules = new ArrayList<>();
        ServiceLoader.load(GatewayPlugin.class, GatewayRuntime.class.getClassLoader()).forEach(modules::add);
        modules.addAll(PluginLoader.load(config, Path.of(""))); // ./plugins/*.jar and the config's "plugins"
        modules.sort(Comparator.comparingInt(GatewayPlugin::order));
        return modules;
    }

    static boolean builtIn(GatewayPlugin module) {
        return module.getClass().getClassLoader() == GatewayRuntime.class.getClassLoader();
    }

    static void registerAll(List<GatewayPlugin> modules, GatewayConfig config, Path dataDir, Registrations into)
            throws Exception {
        for (GatewayPlugin module : modules) {
            if (!builtIn(module)) { // a user plugin: isolated, a failure leaves it out (PluginIsolation)
                PluginCatalog.register(List.of(module), config, dataDir, into);
                continue;
            }
            module.register(new ModuleApi(module.name(), config, dataDir, into));
        }
    }

    /** Beans, routes, channels and hooks into camel-main (before {@code main.init()}). */
    static void apply(Registrations registrations, Main main) {
        registrations.beans.forEach(main::bind);
        ChannelRegistry channels = (ChannelRegistry) registrations.beans.get("channels");
        HttpSurface surface = (HttpSurface) registrations.beans.get("httpSurface");
        for (Registrations.Registered<Channel> r : registrations.channels) {
            Channel channel = r.value();
            channels.register(channel);
            if (channel.routes() != null) {
                main.configure().addRoutesBuilder(channel.routes());
            }
            surface.addPublicPaths(channel.publicPaths());
        }
        HookRegistry hooks = (HookRegistry) registrations.beans.get("hooks");
        registrations.hooks.forEach(r -> hooks.register(r.value().point(), r.value().hook())); // isolated by ModuleApi
        ChatCommands commands = (ChatCommands) registrations.beans.get("commands");
        registrations.commands.forEach(r -> commands.register(r.value()));
        registrations.routes.forEach(r -> main.configure().addRoutesBuilder(r.value()));
        // tools into the pi extension (before PiModule's warm-up service spawns pi), HTTP routes, WS methods
        PluginSurface.apply(registrations, main);
    }
}
