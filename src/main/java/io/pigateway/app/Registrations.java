package io.pigateway.app;

import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.Hook;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.Service;

/**
 * Everything the modules registered, in registration order, each entry tagged with its module's
 * name: the runtime applies these to the CamelContext, and {@code pi-gw plugins list} shows them.
 */
public final class Registrations {

    public record Registered<T>(String module, T value) {
    }

    public record HookEntry(HookPoint point, Hook hook, boolean failClosed) {
    }

    public record HttpRoute(String path, String methods, Processor handler, boolean isPublic) {
    }

    public record Method(String name, GatewayMethod handler) {
    }

    public final List<Registered<Channel>> channels = new ArrayList<>();
    public final List<Registered<AgentToolSpec>> tools = new ArrayList<>();
    public final List<Registered<HookEntry>> hooks = new ArrayList<>();
    public final List<Registered<HttpRoute>> httpRoutes = new ArrayList<>();
    public final List<Registered<Method>> methods = new ArrayList<>();
    public final List<Registered<ChatCommand>> commands = new ArrayList<>();
    public final List<Registered<Service>> services = new ArrayList<>();
    public final List<Registered<Object>> clis = new ArrayList<>();
    public final List<Registered<RoutesBuilder>> routes = new ArrayList<>();
    /** Beans modules shared, by name (also bound in the Camel registry). */
    public final Map<String, Object> beans = new LinkedHashMap<>();
    /** Modules whose registration threw: name → the error's sentence. */
    public final Map<String, String> failed = new LinkedHashMap<>();

    /** The first bean of that type a module bound. */
    public <T> java.util.Optional<T> bean(Class<T> type) {
        return beans.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Forgets everything a module registered (it failed and is left out). */
    public void removeModule(String module) {
        for (List<? extends Registered<?>> list : List.of(channels, tools, hooks, httpRoutes, methods, commands,
                services, clis, routes)) {
            list.removeIf(r -> r.module().equals(module));
        }
    }

    /** What one module registered, one short line per kind (for {@code plugins list}). */
    public List<String> summaryOf(String module) {
        List<String> lines = new ArrayList<>();
        add(lines, "channel", channels, module, r -> ((Channel) r).name());
        add(lines, "tool", tools, module, r -> ((AgentToolSpec) r).name());
        add(lines, "hook", hooks, module, r -> ((HookEntry) r).point().id());
        add(lines, "http", httpRoutes, module, r -> ((HttpRoute) r).methods() + " " + ((HttpRoute) r).path());
        add(lines, "ws method", methods, module, r -> ((Method) r).name());
        add(lines, "command", commands, module, r -> "/" + ((ChatCommand) r).name());
        add(lines, "service", services, module, r -> className(PluginIsolation.original(r)));
        add(lines, "cli", clis, module, r -> cliName(r));
        add(lines, "routes", routes, module, r -> className(PluginIsolation.original(r)));
        return lines;
    }

    /** The simple name, or the full one for an anonymous class. */
    private static String className(Object o) {
        String simple = o.getClass().getSimpleName();
        return simple.isEmpty() ? o.getClass().getName() : simple;
    }

    /** A picocli command's name as typed after {@code pi-gw}. */
    private static String cliName(Object command) {
        picocli.CommandLine.Command annotation = command.getClass().getAnnotation(picocli.CommandLine.Command.class);
        return annotation != null && !annotation.name().equals("<main class>") ? annotation.name()
                : command.getClass().getSimpleName();
    }

    private static <T> void add(List<String> lines, String kind, List<Registered<T>> list, String module,
                                java.util.function.Function<Object, String> label) {
        List<String> names = list.stream().filter(r -> r.module().equals(module)).map(r -> label.apply(r.value()))
                .toList();
        if (!names.isEmpty()) {
            lines.add(kind + ": " + String.join(", ", names));
        }
    }
}
