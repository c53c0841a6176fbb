package io.pigateway.app;

import io.pigateway.api.ControlPlane;
import io.pigateway.api.HttpSurface;
import io.pigateway.api.openai.OpenAiApi;
import io.pigateway.config.GatewayConfig;
import io.pigateway.pipeline.EdgeChannel;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import java.util.function.Supplier;

/**
 * The OpenAI-compatible API ({@code /v1/chat/completions}, {@code /v1/models}) on the gateway's
 * port, behind the gateway token, answering in OpenAI's shapes; its answers leave through
 * {@code direct:outbound} as channel {@code openai}.
 */
public final class OpenAiModule implements GatewayPlugin {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public int order() {
        return 35;
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        GatewayConfig config = kernel.config();
        Supplier<GatewayConfig> live = () -> kernel.configState().current().config(); // a reload applies at once
        OpenAiApi openAi = new OpenAiApi(api.lookup(ControlPlane.class).orElseThrow(), config.agent().id(),
                () -> live.get().roles().capabilities().keySet(), () -> live.get().agent().model(),
                () -> live.get().agent().turnTimeoutMs());
        HttpSurface surface = api.lookup(HttpSurface.class).orElseThrow();
        surface.addHandlers(openAi::mount);
        surface.addErrorShape(OpenAiApi.PREFIX, OpenAiApi.errorShape());
        api.registerChannel(new EdgeChannel(OpenAiApi.CHANNEL));
    }
}
