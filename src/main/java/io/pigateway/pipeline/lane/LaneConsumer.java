package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.PendingMessage;
import java.util.List;
import java.util.concurrent.ExecutorService;
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
    /** Runs the route that starts each turn; see {@link #run} for why not on the caller's thread. */
    private ExecutorService starter;

    LaneConsumer(LaneEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        starter = getEndpoint().getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "lane-turns");
        endpoint.lane().runner().attach(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.lane().runner().detach(this);
        if (starter != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(starter);
        }
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
            // On a thread of its own: run inline (synchronously) on the caller's thread, a route that
            // itself waits for a route (a hook route at before_agent_start) stranded the caller's
            // reactive work, and the channel's thread never returned; scheduled asynchronously on it,
            // the turn queued behind a caller waiting there (/hooks/wake hung). A hop costs microseconds.
            starter.execute(() -> start(exchange, sessionKey, batch, once));
        } catch (java.util.concurrent.RejectedExecutionException e) { // stopping
            exchange.setException(e);
            finish(exchange, sessionKey, batch, once);
        }
    }

    private void start(Exchange exchange, String sessionKey, List<PendingMessage> batch, Runnable once) {
        try {
            getProcessor().process(exchange); // the route only starts the turn: pi answers on its own threads
        } catch (Exception e) {
            exchange.setException(e);
        }
        finish(exchange, sessionKey, batch, once);
    }

    /** Tells the batch when the turn could not start, and frees the exchange either way. */
    private void finish(Exchange exchange, String sessionKey, List<PendingMessage> batch, Runnable once) {
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("the turn of " + sessionKey + " could not start", exchange,
                    exchange.getException());
            batch.forEach(m -> m.observer().onError("internal", "The gateway could not start the agent turn."));
            once.run();
        }
        releaseExchange(exchange, false);
    }
}
