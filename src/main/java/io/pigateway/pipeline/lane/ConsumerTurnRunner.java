package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.lane.TurnRunner;
import java.util.List;

/**
 * The lane dispatcher's runner: turns start through the {@code from("lane:<name>")} route's
 * consumer; steering into and aborting a running turn go straight to the agent turn runner (they
 * act on a turn the route already started).
 */
final class ConsumerTurnRunner implements TurnRunner {
    private final String name;
    private final TurnRunner turns;
    private volatile LaneConsumer consumer;

    ConsumerTurnRunner(String name, TurnRunner turns) {
        this.name = name;
        this.turns = turns;
    }

    void attach(LaneConsumer consumer) {
        this.consumer = consumer;
    }

    void detach(LaneConsumer consumer) {
        if (this.consumer == consumer) {
            this.consumer = null;
        }
    }

    @Override
    public void runTurn(String sessionKey, List<PendingMessage> claimed, Runnable onFinished) {
        List<PendingMessage> batch = claimed.stream().filter(ConsumerTurnRunner::claim).toList();
        if (batch.isEmpty()) {
            onFinished.run(); // every message moved to another instance with its partition
            return;
        }
        LaneConsumer c = consumer;
        if (c == null) {
            batch.forEach(m -> m.observer().onError("unavailable",
                    "The gateway is starting or stopping; please send your message again in a moment."));
            onFinished.run();
            return;
        }
        c.run(sessionKey, batch, onFinished);
    }

    @Override
    public boolean steer(String sessionKey, PendingMessage message) {
        // not claimable: queued, and dropped when its turn would start
        return claim(message) && turns.steer(sessionKey, message);
    }

    @Override
    public void abort(String sessionKey) {
        turns.abort(sessionKey);
    }

    private static boolean claim(PendingMessage message) {
        return !(message.observer() instanceof LaneClaim c) || c.claim();
    }

    @Override
    public String toString() {
        return "lane:" + name;
    }
}
