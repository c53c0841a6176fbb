package io.pigateway.channel.webchat;

import io.pigateway.api.HttpSurface;
import io.pigateway.pipeline.EdgeChannel;
import io.pigateway.pipeline.SessionNotices;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;

/**
 * WebChat: the browser page at {@code /} (when {@code channels.webchat.enabled}) over the gateway's
 * WebSocket API. Its sessions are {@code webchat:*}; the page's connection watches each turn
 * itself, so the channel's own observer renders nothing; texts sent to {@code webchat:<session key>}
 * are delivered into that session ({@link WebChatDelivery}).
 */
public final class WebChatModule implements GatewayPlugin {
    public static final String NAME = "webchat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public void register(GatewayPluginApi api) {
        SessionNotices notices = api.lookup(SessionNotices.class).orElseThrow();
        api.registerChannel(new EdgeChannel(NAME, new WebChatDelivery(notices)));
        if (api.config().channels().webchat().enabled()) {
            api.lookup(HttpSurface.class).orElseThrow().setPage(new WebChatPage());
        }
    }
}
