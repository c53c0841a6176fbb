package io.pigateway.core.lane;

import java.util.List;

/** Runs agent turns; implemented with Camel and pi-rpc. The lane dispatcher calls at most one turn per session at a time. */
public interface TurnRunner {

    /**
     * Starts one turn for the batch (one message, or several under {@link QueueMode#COLLECT}) and
     * returns at once. Calls {@code onFinished} exactly once when the turn is over, success or
     * failure, after notifying the batch's observers itself.
     */
    void runTurn(String sessionKey, List<PendingMessage> batch, Runnable onFinished);

    /**
     * Injects the message into the session's running turn; its observer then gets that turn's
     * answer. Returns false when that is not possible (no turn running, the agent refused);
     * the dispatcher then queues the message.
     */
    boolean steer(String sessionKey, PendingMessage message);

    /** Asks the session's running turn to stop; the turn still ends through {@code onFinished}. */
    void abort(String sessionKey);
}
