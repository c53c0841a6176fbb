package io.pigateway.app;

import io.pigateway.core.CamelAwareService;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.tools.ToolExtension;
import io.pigateway.tools.ToolSecrets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The agent: the {@code pi-rpc} component (pools of {@code pi --mode rpc}) with the tools
 * extension in every process, each process with its own tools secret.
 */
public final class PiModule implements GatewayPlugin {

    @Override
    public String name() {
        return "pi";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void register(GatewayPluginApi api) throws Exception {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        ToolSecrets secrets = AgentToolsSetup.secrets(kernel.host(), kernel.port());
        List<java.nio.file.Path> extensions = List.of(ToolExtension.install(kernel.dataDir()));
        PiRpcComponent pi = PiSetup.component(kernel.config(), kernel.dataDir(), kernel.out(), extensions,
                kernel.configState().current().substitutedEnv(), kernel.configSource());
        // a config reload resizes the pools and gives new processes the new model / flags
        kernel.configState().onReload(PiSetup.reloader(pi, kernel.dataDir(), extensions,
                kernel.configState().current().substitutedEnv(), kernel.configSource()));
        pi.setProcessListeners(secrets::forPool);
        api.bind("pi-rpc", pi);
        api.registerService(new WarmUp());
        api.bind("toolSecrets", secrets);
        api.registerService(new ServiceSupport() {
            @Override
            protected void doStop() {
                secrets.close();
            }
        });
    }

    /**
     * Starts pi-rpc right after camel-main's init, which bound {@code camel.component.pi-rpc.*}: the
     * pools warmed at registration take those options then.
     */
    private static final class WarmUp extends CamelAwareService {

        @Override
        protected void doStart() {
            ServiceHelper.startService(getCamelContext().getComponent("pi-rpc"));
        }
    }
}
