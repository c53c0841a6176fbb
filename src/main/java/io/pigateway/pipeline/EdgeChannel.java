package io.pigateway.pipeline;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.Channel;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * A channel whose callers are authenticated at the edge and watch their turns themselves
 * (WebChat over the WebSocket, the HTTP API): the pipeline renders nothing for it, and its
 * {@code direct:outbound-<name>} route only carries the final text back to the caller after the
 * {@code message_sending} hooks had their say (see {@link OutboundFinal}), unless the channel gives
 * it something to do with texts sent from elsewhere (WebChat delivers them into their session).
 */
public final class EdgeChannel implements Channel {
    private final String name;
    private final Processor outbound;

    public EdgeChannel(String name) {
        this(name, null);
    }

    /** @param outbound what its outbound route does with each text (null: nothing, the caller has it) */
    public EdgeChannel(String name, Processor outbound) {
        this.name = name;
        this.outbound = outbound;
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
                var route = from(OutboundRoutes.channelEndpoint(name)).routeId("outbound-" + name)
                        .log(LoggingLevel.TRACE, "io.pigateway.outbound", "${body}");
                if (outbound != null) {
                    route.process(outbound);
                }
            }
        };
    }
}
