package io.pigateway.pipeline;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.Channel;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * A channel whose callers are authenticated at the edge and watch their turns themselves
 * (WebChat over the WebSocket, the HTTP API): the pipeline renders nothing for it, and its
 * {@code direct:outbound-<name>} route only carries the final text back to the caller after the
 * {@code message_sending} hooks had their say (see {@link OutboundFinal}).
 */
public final class EdgeChannel implements Channel {
    private final String name;

    public EdgeChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TurnObserver observerFor(InboundMessage message) {
        return TurnObserver.NONE;
    }

    @Override
    public RoutesBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OutboundRoutes.channelEndpoint(name)).routeId("outbound-" + name)
                        .log(LoggingLevel.TRACE, "io.pigateway.outbound", "${body}");
            }
        };
    }
}
