package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.PendingMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives the turns the lane dispatcher starts: one exchange per turn (body: the batch, header:
 * the session key, property {@link LaneConstants#ON_FINISHED}: the callback that frees the lane).
 * The route's processor starts the turn and returns; the turn calls the callback when it ends.
 */
final class LaneConsumer extends DefaultConsumer {
    private final LaneEndpoint endpoint;

    LaneConsumer(LaneEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.lane().runner().attach(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.lane().runner().detach(this);
        super.doStop();
    }

    void run(String sessionKey, List<PendingMessage> batch, Runnable onFinished) {
        AtomicBoolean finished = new AtomicBoolean();
        Runnable once = () -> {
            if (finished.compareAndSet(false, true)) {
                onFinished.run();
            }
        };
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(batch);
        exchange.getMessage().setHeader(LaneConstants.SESSION_KEY, sessionKey);
        exchange.setProperty(LaneConstants.ON_FINISHED, once);
        try {
            // synchronously: the route only starts the turn (pi answers later, on its own threads);
            // scheduled asynchronously it could queue behind a caller that waits on this thread
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("the turn of " + sessionKey + " could not start", exchange,
                    exchange.getException());
            batch.forEach(m -> m.observer().onError("internal", "The gateway could not start the agent turn."));
            once.run();
        }
        releaseExchange(exchange, false);
    }
}
