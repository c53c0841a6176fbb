package io.pigateway.app;

import io.pigateway.api.HttpSurface;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayMethod;
import io.pigateway.tools.ToolEndpoint;
import io.pigateway.tools.ToolExtension;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * Applies the registrations that reach pi and the gateway's listener, once every module has
 * registered: the tools go into the pi extension (before the pool warms up, so every process
 * knows them) and to the tool bridge; the HTTP routes become platform-http routes (the public ones
 * join the listener's public paths); the WebSocket methods are bound for the API module's
 * {@code WsMethods}, which is built when the listener starts.
 */
final class PluginSurface {

    /** The WebSocket methods modules registered, as a bean the API module looks up by type. */
    record Methods(Map<String, GatewayMethod> byName) {
    }

    private PluginSurface() {
    }

    static void apply(Registrations registrations, Main main) {
        GatewayKernel kernel = (GatewayKernel) registrations.beans.get("kernel");
        List<AgentToolSpec> tools = PluginTools.specs(registrations.tools);
        ToolExtension.install(kernel.dataDir(), tools); // same path PiModule gave pi: only the list changes
        if (registrations.beans.get("toolEndpoint") instanceof ToolEndpoint endpoint) {
            endpoint.withPluginTools(tools);
        }
        if (!registrations.httpRoutes.isEmpty()) {
            main.configure().addRoutesBuilder(PluginHttpRoutes.httpRoutes(registrations.httpRoutes));
            HttpSurface surface = (HttpSurface) registrations.beans.get("httpSurface");
            surface.addPublicPaths(PluginHttpRoutes.publicPaths(registrations.httpRoutes));
        }
        registrations.beans.put("pluginMethods", new Methods(PluginMethods.byName(registrations.methods)));
    }
}
