package io.pigateway.api;

import io.pigateway.core.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code POST /api/channels/{channel}/restart[?account=ID]} (gateway token): connects a channel's
 * account again after the operator fixed what parked it (a rejected token, a crash loop); without
 * {@code account}, every parked account of the channel. Answers 200 with what was done, 404 for a
 * channel that does not run.
 */
public final class ChannelRestartRoutes extends RouteBuilder {
    private final Function<String, Channel> channels;

    /** @param channels the running channel by name, null when none runs under that name */
    public ChannelRestartRoutes(Function<String, Channel> channels) {
        this.channels = channels;
    }

    @Override
    public void configure() {
        from("platform-http:/api/channels/{channel}/restart?httpMethodRestrict=POST").routeId("api-channel-restart")
                .process(this::restart);
    }

    private void restart(Exchange exchange) {
        String name = exchange.getMessage().getHeader("channel", String.class);
        String account = exchange.getMessage().getHeader("account", String.class);
        Channel channel = name != null ? channels.apply(name) : null;
        if (channel == null) {
            ApiJson.error(exchange, 404, "unknown_channel", "no channel '" + name + "' runs in this gateway");
            return;
        }
        List<String> done = channel.restart(account == null || account.isBlank() ? null : account);
        ApiJson.respond(exchange, 200, Map.of("channel", name, "done", done,
                "message", done.isEmpty() ? "nothing to restart: no such account, or none is parked"
                        : String.join(", ", done)));
    }
}
