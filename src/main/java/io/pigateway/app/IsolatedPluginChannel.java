package io.pigateway.app;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChatActions;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's channel whose failure to connect, disconnect or report health is logged with the
 * plugin's name instead of stopping the gateway's start or stop. Everything else is the channel's
 * own: a failing send is already the caller's error to report.
 */
final class IsolatedPluginChannel implements Channel, PluginIsolation.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedPluginChannel.class);

    private final String plugin;
    private final Channel channel;

    IsolatedPluginChannel(String plugin, Channel channel) {
        this.plugin = plugin;
        this.channel = channel;
    }

    @Override
    public Object original() {
        return channel;
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public TurnObserver observerFor(InboundMessage message) {
        return channel.observerFor(message);
    }

    @Override
    public boolean hasAccount(String accountId) {
        return channel.hasAccount(accountId);
    }

    @Override
    public ChatActions actions() {
        return channel.actions();
    }

    @Override
    public AdmissionRule.Rule admission(String accountId) {
        return channel.admission(accountId);
    }

    @Override
    public RoutesBuilder routes() {
        RoutesBuilder routes = channel.routes();
        return routes != null ? PluginIsolation.routes(plugin, routes) : null;
    }

    @Override
    public Set<String> publicPaths() {
        return channel.publicPaths();
    }

    @Override
    public Map<String, Object> health() {
        try {
            return channel.health();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("plugin {}: channel {} cannot report its health: {}", plugin, channel.name(), e.toString());
            return Map.of("running", false, "error", PluginIsolation.sentence(e));
        }
    }

    @Override
    public void start(CamelContext camel) {
        try {
            channel.start(camel);
        } catch (Exception | LinkageError e) {
            LOG.warn("plugin {}: channel {} failed to start; the gateway runs without it: {}", plugin, channel.name(),
                    e.toString(), e);
        }
    }

    @Override
    public void stop() {
        try {
            channel.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("plugin {}: channel {} failed to stop: {}", plugin, channel.name(), e.toString(), e);
        }
    }
}
