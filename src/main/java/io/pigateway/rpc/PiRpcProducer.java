package io.pigateway.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Maps an exchange to a pool operation ({@link PiAction} from header {@link PiRpcConstants#ACTION}).
 * Fully asynchronous: returns at once, and the pool's future hands {@code callback.done} to the
 * component's executor, never to a pi reader thread.
 */
public class PiRpcProducer extends DefaultAsyncProducer {
    private final PiRpcEndpoint endpoint;

    public PiRpcProducer(PiRpcEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<?> future;
        try {
            future = start(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        future.whenCompleteAsync((body, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                exchange.setException(cause);
            } else if (body != null) {
                exchange.getMessage().setBody(body);
            }
            callback.done(false);
        }, endpoint.getComponent().callbackExecutor());
        return false;
    }

    private CompletableFuture<?> start(Exchange exchange) {
        Message in = exchange.getMessage();
        String actionName = in.getHeader(PiRpcConstants.ACTION, String.class);
        PiAction action = actionName == null ? PiAction.PROMPT : PiAction.valueOf(actionName.trim().toUpperCase().replace('-', '_'));
        String sessionKey = required(in, PiRpcConstants.SESSION_KEY);
        String poolName = in.getHeader(PiRpcConstants.POOL, endpoint.getPoolName(), String.class);
        PiPool pool = poolName.equals(endpoint.getPoolName()) ? endpoint.pool() : endpoint.getComponent().pool(poolName);
        return switch (action) {
            case PROMPT -> {
                long timeout = in.getHeader(PiRpcConstants.TIMEOUT_MS, timeoutDefault(pool), Long.class);
                PiEventListener listener = in.getHeader(PiRpcConstants.LISTENER, PiEventListener.class);
                String file = required(in, PiRpcConstants.SESSION_FILE);
                ModelChain chain = endpoint.getComponent().chain(poolName);
                yield chain == null ? pool.prompt(sessionKey, file, body(in), listener, timeout)
                        : new FailoverTurn(chain, endpoint.getComponent().modelHealth(), endpoint.getComponent()::pool,
                        sessionKey, file, body(in), listener, timeout).run();
            }
            case STEER -> pool.steer(sessionKey, body(in));
            case FOLLOW_UP -> pool.followUp(sessionKey, body(in));
            case ABORT -> pool.abort(sessionKey);
            case STATS -> pool.sessionStats(sessionKey, required(in, PiRpcConstants.SESSION_FILE));
        };
    }

    private long timeoutDefault(PiPool pool) {
        Long own = endpoint.getTurnTimeoutMs();
        return own != null && own > 0 ? own : pool.settings().turnTimeoutMs();
    }

    private static String body(Message in) {
        try {
            return in.getMandatoryBody(String.class);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IllegalArgumentException("pi-rpc: the message text (body) is required", e);
        }
    }

    private static String required(Message in, String header) {
        String value = in.getHeader(header, String.class);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("pi-rpc: header " + header + " is required");
        }
        return value;
    }
}
