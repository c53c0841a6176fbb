package io.pigateway.pipeline.lane;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.lane.PendingMessage;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Submits the exchange's message to its session's lane and returns at once: the turn starts now
 * when the session is idle, else the queue mode decides. A full lane throws
 * {@link io.pigateway.core.lane.LaneFullException} (the caller answers busy / 429). With a
 * {@link LaneTransport} (cluster mode) the message goes to the transport instead.
 */
final class LaneProducer extends DefaultProducer {
    private final LaneEndpoint endpoint;

    LaneProducer(LaneEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        InboundMessage message = exchange.getMessage().getMandatoryBody(InboundMessage.class);
        String key = exchange.getMessage().getHeader(LaneConstants.SESSION_KEY, String.class);
        if (key == null) {
            throw new IllegalArgumentException("a message for lane: needs the header " + LaneConstants.SESSION_KEY);
        }
        TurnObserver observer = exchange.getProperty(LaneConstants.OBSERVER, TurnObserver.class);
        PendingMessage pending = new PendingMessage(message, key, observer,
                exchange.getMessage().getHeader(LaneConstants.ROLE, String.class));
        LaneTransport transport = ((LaneComponent) endpoint.getComponent()).getTransport();
        if (transport != null) {
            transport.publish(pending, exchange.getProperty(LaneConstants.CHANNEL_ANSWER, false, Boolean.class));
        } else {
            endpoint.lane().dispatcher().submit(pending);
        }
    }
}
