package io.pigateway.app;

import io.pigateway.api.ControlPlane;
import io.pigateway.api.HttpSurface;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.SessionCatalog;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.tools.ToolCallHooks;
import io.pigateway.tools.ToolEndpoint;
import io.pigateway.tools.ToolSecrets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent tools bridge: {@code POST /api/tools/<tool>} answering the pi extension's calls
 * (send_message, send_media, message, gateway, session_status), each checked against the calling
 * process's secret and acted out through the channel registry, so the tools never know a channel.
 */
public final class ToolsModule implements GatewayPlugin {

    @Override
    public String name() {
        return "tools";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        ControlPlane control = api.lookup(ControlPlane.class).orElseThrow();
        DmPolicyGate policy = api.lookup(DmPolicyGate.class).orElseThrow();
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "agent-tools");
            t.setDaemon(true);
            return t;
        });
        ToolEndpoint tools = AgentToolsSetup.endpoint(kernel.config(), () -> kernel.configState().current().config(),
                kernel.dataDir(), kernel.vertx(), api.lookup(ToolSecrets.class).orElseThrow(),
                api.lookup(PiRpcComponent.class).orElseThrow(), api.lookup(SessionCatalog.class).orElseThrow(),
                api.lookup(ChannelRegistry.class).orElseThrow(),
                new RuntimeControl(control, api.lookup(SessionCatalog.class).orElseThrow()::chatOf,
                        kernel.runtime().restarts()),
                workers, chat -> policy.isOperatorChat(chat.channel(), chat.accountId(), chat.scope(), chat.chatId()),
                api.lookup(AgentToolSpec.class).filter(t -> "cron".equals(t.name())).orElse(null))
                .withHooks(new ToolCallHooks(api.lookup(HookRegistry.class).orElseThrow()));
        api.bind("toolEndpoint", tools);
        HttpSurface surface = api.lookup(HttpSurface.class).orElseThrow();
        surface.addPublicPaths(ToolEndpoint.publicPaths()); // each call checks its pi process's secret instead
        surface.addHandlers(tools::mount);
        api.registerService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                workers.shutdownNow();
            }
        });
    }
}
