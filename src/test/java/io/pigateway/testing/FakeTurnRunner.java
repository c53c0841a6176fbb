package io.pigateway.testing;

import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.lane.TurnRunner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TurnRunner} that records every call. Turns end when a test calls {@link #finish}, or on
 * the given executor right after they start (auto mode). Counts overlapping turns of one session.
 */
public final class FakeTurnRunner implements TurnRunner {

    /** One started turn. */
    public record Turn(String sessionKey, List<PendingMessage> batch, Runnable onFinished) {
        public List<String> texts() {
            return batch.stream().map(m -> m.message().text()).toList();
        }
    }

    private final Executor autoFinisher;
    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final Map<String, Turn> running = new ConcurrentHashMap<>();
    private final List<PendingMessage> steered = new CopyOnWriteArrayList<>();
    private final List<String> aborted = new CopyOnWriteArrayList<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile boolean steerAccepted = true;

    /** Turns end only when the test calls {@link #finish}. */
    public FakeTurnRunner() {
        this(null);
    }

    /** Every turn is ended on this executor as soon as it starts. */
    public FakeTurnRunner(Executor autoFinisher) {
        this.autoFinisher = autoFinisher;
    }

    @Override
    public void runTurn(String sessionKey, List<PendingMessage> batch, Runnable onFinished) {
        Turn turn = new Turn(sessionKey, List.copyOf(batch), onFinished);
        if (running.putIfAbsent(sessionKey, turn) != null) {
            overlaps.incrementAndGet();
        }
        turns.add(turn);
        if (autoFinisher != null) {
            autoFinisher.execute(() -> finish(sessionKey));
        }
    }

    @Override
    public boolean steer(String sessionKey, PendingMessage message) {
        if (!steerAccepted || !running.containsKey(sessionKey)) {
            return false;
        }
        steered.add(message);
        return true;
    }

    @Override
    public void abort(String sessionKey) {
        aborted.add(sessionKey);
    }

    /** Ends the running turn of the session, as pi's agent_end would. */
    public void finish(String sessionKey) {
        Turn turn = running.remove(sessionKey);
        if (turn == null) {
            throw new IllegalStateException("no turn running for " + sessionKey);
        }
        turn.onFinished().run();
    }

    public void setSteerAccepted(boolean accepted) {
        this.steerAccepted = accepted;
    }

    public List<Turn> turns() {
        return List.copyOf(turns);
    }

    public List<Turn> turnsOf(String sessionKey) {
        return turns.stream().filter(t -> t.sessionKey().equals(sessionKey)).toList();
    }

    public List<PendingMessage> steered() {
        return List.copyOf(steered);
    }

    public List<String> aborted() {
        return List.copyOf(aborted);
    }

    public int overlaps() {
        return overlaps.get();
    }

    public boolean isRunning(String sessionKey) {
        return running.containsKey(sessionKey);
    }
}
