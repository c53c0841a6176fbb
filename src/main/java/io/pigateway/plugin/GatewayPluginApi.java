package io.pigateway.plugin;

import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.Hook;
import io.pigateway.core.hook.HookPoint;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.Service;

/**
 * The one assembly API every module uses, built-in or plugin. Everything registered here lives
 * and dies with the gateway's CamelContext; a registration that throws is logged with the
 * module's name and that module is isolated, the others keep running.
 */
public interface GatewayPluginApi {

    /** The module this API instance registers for. */
    String pluginName();

    /** The gateway's config as loaded at start. */
    GatewayConfig config();

    /** The gateway's data directory (a plugin keeps its files under {@code dataDir/plugins/<name>}). */
    Path dataDir();

    /** Shares a bean with later modules and with routes ({@code bean:name} in YAML). */
    void bind(String name, Object bean);

    /** A bean an earlier module bound, by type. */
    <T> Optional<T> lookup(Class<T> type);

    /** A chat platform: its routes, outbound adapter, admission rule, public paths, start/stop. */
    void registerChannel(Channel channel);

    /**
     * A tool the agent (pi) sees and calls through the gateway's tool bridge. The name is a letter
     * then up to 63 letters, digits, {@code _} or {@code -}, and not one of pi's or the gateway's
     * own tools; a name taken twice makes the second {@code register()} fail.
     */
    void registerTool(AgentToolSpec tool);

    /** A handler for one of the 14 hook points; a hook that throws is logged and skipped. */
    default void registerHook(HookPoint point, Hook hook) {
        registerHook(point, hook, false);
    }

    /** As {@link #registerHook(HookPoint, Hook)}; {@code failClosed}: a hook that throws cancels the message. */
    void registerHook(HookPoint point, Hook hook, boolean failClosed);

    /**
     * An HTTP endpoint on the gateway's port, behind the gateway token unless {@code isPublic}.
     * The handler's message is the answer (body, {@code CamelHttpResponseCode}, {@code Content-Type});
     * the request's headers are not echoed back. Paths under {@code /api/}, {@code /v1/}, {@code /ws},
     * {@code /health} and {@code /auth} are the gateway's; a path served twice is refused.
     *
     * @param path    e.g. {@code /plugins/hello/ping}
     * @param methods e.g. {@code GET} or {@code GET,POST}
     */
    void registerHttpRoute(String path, String methods, Processor handler, boolean isPublic);

    /**
     * A WebSocket method ({@code {"method": name, "params": ...}}) for authenticated clients; the
     * built-in names ({@code chat.send}...) are refused. A {@code WsMethods.MethodError} thrown by
     * the handler keeps its code; any other exception answers {@code plugin_error}.
     */
    void registerGatewayMethod(String method, GatewayMethod handler);

    /** A slash command answered in every channel. */
    void registerCommand(ChatCommand command);

    /** Something to start with the gateway and stop with it (a Camel {@link Service}). */
    void registerService(Service service);

    /** A {@code pi-gw} subcommand: a picocli {@code @Command} object. */
    void registerCli(Object picocliCommand);

    /** Camel routes (Java DSL) added to the gateway's context. */
    void addRoutes(RoutesBuilder routes);
}
