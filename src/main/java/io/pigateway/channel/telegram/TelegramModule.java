package io.pigateway.channel.telegram;

import io.pigateway.config.ChannelsConfig.TelegramConfig;
import io.pigateway.config.LiveConfig;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.ChatCommands;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.store.StateStore;
import java.util.function.Supplier;

/** The Telegram channel module: one bot per account, when {@code channels.telegram.enabled}. */
public final class TelegramModule implements GatewayPlugin {

    @Override
    public String name() {
        return TelegramChannel.NAME;
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public void register(GatewayPluginApi api) {
        TelegramConfig config = api.config().channels().telegram();
        if (!config.enabled()) {
            return;
        }
        Supplier<TelegramConfig> current = api.lookup(LiveConfig.class).map(live -> (Supplier<TelegramConfig>)
                () -> live.current().channels().telegram()).orElse(() -> config);
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        api.registerChannel(new TelegramChannel(config, current, api.dataDir(), api.lookup(StateStore.class).orElseThrow(),
                api.lookup(GatewayService.class).orElseThrow(), api.lookup(DmPolicyGate.class).orElseThrow(),
                channels::send,
                () -> api.lookup(ChatCommands.class).map(ChatCommands::all).orElse(java.util.List.of())));
    }
}
