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

/** {@link GatewayPluginApi} for one module: records each registration in the shared {@link Registrations}. */
final class ModuleApi implements GatewayPluginApi {
    private final String module;
    private final GatewayConfig config;
    private final Path dataDir;
    private final Registrations into;

    ModuleApi(String module, GatewayConfig config, Path dataDir, Registrations into) {
        this.module = module;
        this.config = config;
        this.dataDir = dataDir;
        this.into = into;
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
        into.channels.add(new Registrations.Registered<>(module, channel));
    }

    @Override
    public void registerTool(AgentToolSpec tool) {
        into.tools.add(new Registrations.Registered<>(module, tool));
    }

    @Override
    public void registerHook(HookPoint point, Hook hook, boolean failClosed) {
        into.hooks.add(new Registrations.Registered<>(module, new Registrations.HookEntry(point, hook, failClosed)));
    }

    @Override
    public void registerHttpRoute(String path, String methods, Processor handler, boolean isPublic) {
        into.httpRoutes.add(new Registrations.Registered<>(module,
                new Registrations.HttpRoute(path, methods, handler, isPublic)));
    }

    @Override
    public void registerGatewayMethod(String method, GatewayMethod handler) {
        into.methods.add(new Registrations.Registered<>(module, new Registrations.Method(method, handler)));
    }

    @Override
    public void registerCommand(ChatCommand command) {
        into.commands.add(new Registrations.Registered<>(module, command));
    }

    @Override
    public void registerService(Service service) {
        into.services.add(new Registrations.Registered<>(module, service));
    }

    @Override
    public void registerCli(Object picocliCommand) {
        into.clis.add(new Registrations.Registered<>(module, picocliCommand));
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        into.routes.add(new Registrations.Registered<>(module, routes));
    }
}
