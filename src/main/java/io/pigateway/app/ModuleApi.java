package io.pigateway.app;

import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.Hook;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayMethod;
import io.pigateway.plugin.GatewayPluginApi;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.Service;

/**
 * {@link GatewayPluginApi} for one module: records each registration in the shared {@link Registrations}.
 * For a user plugin ({@code isolated}) each hook, tool, WS method, HTTP handler, command, service,
 * route builder and channel is wrapped ({@link PluginIsolation}, {@link IsolatedPluginChannel}), so
 * the plugin's failures stay its own.
 */
final class ModuleApi implements GatewayPluginApi {
    private final String module;
    private final GatewayConfig config;
    private final Path dataDir;
    private final Registrations into;
    private final boolean isolated;

    /** A built-in module: registrations are taken as they are. */
    ModuleApi(String module, GatewayConfig config, Path dataDir, Registrations into) {
        this(module, config, dataDir, into, false);
    }

    /** @param isolated a user plugin (see {@link PluginLoader#isPlugin}): wrap what it registers */
    ModuleApi(String module, GatewayConfig config, Path dataDir, Registrations into, boolean isolated) {
        this.module = module;
        this.config = config;
        this.dataDir = dataDir;
        this.into = into;
        this.isolated = isolated;
    }

    /** The API for {@code plugin}, isolated when it came from a plugin jar. */
    static ModuleApi of(io.pigateway.plugin.GatewayPlugin plugin, String name, GatewayConfig config, Path dataDir,
                        Registrations into) {
        return new ModuleApi(name, config, dataDir, into, PluginLoader.isPlugin(plugin));
    }

    @Override
    public String pluginName() {
        return module;
    }

    @Override
    public GatewayConfig config() {
        return config;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void bind(String name, Object bean) {
        into.beans.put(Objects.requireNonNull(name), Objects.requireNonNull(bean));
    }

    @Override
    public <T> Optional<T> lookup(Class<T> type) {
        return into.beans.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public void registerChannel(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        into.channels.add(new Registrations.Registered<>(module,
                isolated ? IsolatedPluginChannel.of(module, channel) : channel));
    }

    @Override
    public void registerTool(AgentToolSpec tool) {
        PluginTools.requireValid(tool, into.tools);
        into.tools.add(new Registrations.Registered<>(module, isolated ? PluginIsolation.tool(module, tool) : tool));
    }

    @Override
    public void registerHook(HookPoint point, Hook hook, boolean failClosed) {
        Objects.requireNonNull(point, "hook point");
        Objects.requireNonNull(hook, "hook");
        // every module's hook, built-in or plugin: a failure is logged and skipped (or cancels, failClosed)
        Hook registered = PluginIsolation.hook(module, point, hook, failClosed);
        into.hooks.add(new Registrations.Registered<>(module, new Registrations.HookEntry(point, registered, failClosed)));
    }

    @Override
    public void registerHttpRoute(String path, String methods, Processor handler, boolean isPublic) {
        PluginHttpRoutes.requireValid(path, methods, handler, into.httpRoutes);
        Processor registered = isolated ? PluginIsolation.http(module, path, handler) : handler;
        into.httpRoutes.add(new Registrations.Registered<>(module,
                new Registrations.HttpRoute(path, methods, registered, isPublic)));
    }

    @Override
    public void registerGatewayMethod(String method, GatewayMethod handler) {
        PluginMethods.requireValid(method, handler, into.methods);
        GatewayMethod registered = isolated ? PluginIsolation.method(module, method, handler) : handler;
        into.methods.add(new Registrations.Registered<>(module, new Registrations.Method(method, registered)));
    }

    @Override
    public void registerCommand(ChatCommand command) {
        Objects.requireNonNull(command, "command");
        into.commands.add(new Registrations.Registered<>(module,
                isolated ? PluginIsolation.command(module, command) : command));
    }

    @Override
    public void registerService(Service service) {
        Objects.requireNonNull(service, "service");
        into.services.add(new Registrations.Registered<>(module, isolated ? PluginIsolation.service(module, service) : service));
    }

    @Override
    public void registerCli(Object picocliCommand) {
        into.clis.add(new Registrations.Registered<>(module, Objects.requireNonNull(picocliCommand, "command")));
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        Objects.requireNonNull(routes, "routes");
        into.routes.add(new Registrations.Registered<>(module, isolated ? PluginIsolation.routes(module, routes) : routes));
    }
}
