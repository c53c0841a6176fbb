package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.PendingMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ReactiveExecutor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives the turns the lane dispatcher starts: one exchange per turn (body: the batch, header:
 * the session key, property {@link LaneConstants#ON_FINISHED}: the callback that frees the lane).
 * The route's processor starts the turn and returns; the turn calls the callback when it ends.
 */
final class LaneConsumer extends DefaultConsumer {
    private final LaneEndpoint endpoint;
    private ReactiveExecutor reactive;

    LaneConsumer(LaneEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        reactive = getEndpoint().getCamelContext().getCamelContextExtension().getReactiveExecutor();
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
        // scheduleSync runs the route now, nested in whatever route submitted the message: queued
        // behind it (the default when a reactive loop already runs on this thread) the turn would
        // wait for a caller that may itself be waiting on this thread (a platform-http route's send)
        reactive.scheduleSync(() -> getAsyncProcessor().process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("the turn of " + sessionKey + " could not start", exchange,
                        exchange.getException());
                batch.forEach(m -> m.observer().onError("internal", "The gateway could not start the agent turn."));
                once.run();
            }
            releaseExchange(exchange, false);
        }));
    }
}
