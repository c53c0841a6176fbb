package io.pigateway.channel.discord;

import io.pigateway.pipeline.ChannelRecovery;
import io.pigateway.config.ChannelsConfig.DiscordConfig;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LiveConfig;
import io.pigateway.core.session.DmScope;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.ChatCommands;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.ssrf.GuardedFetcher;
import io.pigateway.security.ssrf.SsrfGuard;
import io.pigateway.store.StateStore;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** The Discord channel module: one JDA client per account, when {@code channels.discord.enabled}. */
public final class DiscordModule implements GatewayPlugin {
    private static final long DOWNLOAD_TIMEOUT_MS = 60_000;
    /** Message ids remembered across restarts: a RESUME replays only the last few minutes. */
    static final int SEEN_KEPT = 10_000;

    @Override
    public String name() {
        return DiscordChannel.NAME;
    }

    @Override
    public int order() {
        return 61;
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayConfig started = api.config();
        DiscordConfig config = started.channels().discord();
        if (!config.enabled()) {
            return;
        }
        Supplier<GatewayConfig> live = api.lookup(LiveConfig.class).map(l -> (Supplier<GatewayConfig>) l::current)
                .orElse(() -> started);
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        GatewayService gateway = api.lookup(GatewayService.class).orElseThrow();
        DmPolicyGate policy = api.lookup(DmPolicyGate.class).orElseThrow();
        StateStore store = api.lookup(StateStore.class).orElseThrow();
        GuardedFetcher fetcher = new GuardedFetcher(api.lookup(Vertx.class).orElseThrow(),
                () -> new SsrfGuard(live.get().security().ssrfGuard()), config.mediaMaxMb() * 1024L * 1024L,
                DOWNLOAD_TIMEOUT_MS);
        DiscordMediaDownloader media = new DiscordMediaDownloader(api.dataDir(), fetcher,
                () -> live.get().channels().discord().cdnHosts(),
                () -> live.get().channels().discord().mediaMaxMb() * 1024L * 1024L);
        InboundDedupe dedupe = new InboundDedupe(store);
        dedupe.keepLast(DiscordChannel.NAME, SEEN_KEPT);
        ChannelRecovery recovery = new ChannelRecovery(store, dedupe, gateway, channels::send);
        DiscordInbound inbound = new DiscordInbound(dedupe, recovery.journal(), gateway, policy, media, channels::send);
        DmScope dmScope = DmScope.fromConfig(started.agent().dmScope());
        api.registerChannel(new DiscordChannel(config, () -> live.get().channels().discord(),
                outbound -> new DiscordActions(outbound, channels::send),
                (account, connection, guilds, outbound) -> new DiscordListener(connection,
                        new DiscordMessageTranslator(account.id(), guilds), inbound,
                        new DiscordSlashCommands(account.id(),
                                () -> api.lookup(ChatCommands.class).map(ChatCommands::all).orElse(List.of()),
                                policy, started.agent().id(), dmScope, guilds)), recovery));
    }
}
