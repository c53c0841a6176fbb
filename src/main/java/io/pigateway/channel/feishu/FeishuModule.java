package io.pigateway.channel.feishu;

import io.pigateway.config.ChannelsConfig.FeishuConfig;
import io.pigateway.config.LiveConfig;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.store.StateStore;
import java.util.function.Supplier;

/** The Feishu / Lark channel module: one app, when {@code channels.feishu.enabled}. */
public final class FeishuModule implements GatewayPlugin {

    @Override
    public String name() {
        return FeishuChannel.NAME;
    }

    @Override
    public int order() {
        return 62;
    }

    @Override
    public void register(GatewayPluginApi api) {
        FeishuConfig config = api.config().channels().feishu();
        if (!config.enabled()) {
            return;
        }
        Supplier<FeishuConfig> current = api.lookup(LiveConfig.class).map(live -> (Supplier<FeishuConfig>)
                () -> live.current().channels().feishu()).orElse(() -> config);
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        api.registerChannel(new FeishuChannel(config, current, api.dataDir(), api.lookup(StateStore.class).orElseThrow(),
                api.lookup(GatewayService.class).orElseThrow(), api.lookup(DmPolicyGate.class).orElseThrow(),
                channels::send));
    }
}
