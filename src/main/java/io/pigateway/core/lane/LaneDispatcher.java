package io.pigateway.core.lane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FIFO lane per active session: at most one turn per session at a time, and a bounded queue
 * for messages that arrive meanwhile, handled by the {@link QueueMode}:
 * <ul>
 *   <li>{@code steer}: the message joins the running turn ({@link TurnRunner#steer}); if that is not
 *       possible, or messages are already queued (order!), it is queued.</li>
 *   <li>{@code followup}: queued; each queued message gets its own turn, FIFO.</li>
 *   <li>{@code collect}: queued; when the turn ends everything queued runs as one turn.</li>
 *   <li>{@code interrupt}: the running turn is aborted and the message queued; when the aborted turn
 *       ends, everything queued runs as one turn.</li>
 * </ul>
 * Under {@code steer} the queue (only filled when steering failed) also runs as one turn.
 * A full queue rejects with {@link LaneFullException}; nothing is dropped silently.
 *
 * <p>The dispatcher owns no threads: it only reacts to {@link #submit} and to the runner's
 * {@code onFinished} callbacks. Lanes exist only while a turn runs, so memory stays flat however
 * many sessions have ever been seen. The runner is always called outside the lane's lock, so a
 * runner may call back on any thread, even synchronously.
 */
public final class LaneDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(LaneDispatcher.class);

    // a config reload replaces both (reconfigure): messages submitted afterwards follow the new ones
    private volatile QueueMode mode;
    private volatile int maxPerSession;
    private final TurnRunner runner;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    public LaneDispatcher(QueueMode mode, int maxPerSession, TurnRunner runner) {
        reconfigure(mode, maxPerSession);
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * New queue settings (a config reload): messages submitted from now on follow them, and a
     * queue that ends a turn is batched by the new mode; nothing already queued is dropped, even
     * above a lowered {@code maxPerSession}.
     */
    public void reconfigure(QueueMode mode, int maxPerSession) {
        if (maxPerSession < 1) {
            throw new IllegalArgumentException("maxPerSession must be at least 1, was " + maxPerSession);
        }
        this.mode = Objects.requireNonNull(mode, "mode");
        this.maxPerSession = maxPerSession;
    }

    /**
     * Accepts a message: starts a turn when the session is idle, otherwise follows the queue mode.
     *
     * @throws LaneFullException when the session already has {@code maxPerSession} queued messages
     */
    public void submit(PendingMessage message) {
        String key = message.sessionKey();
        QueueMode mode = this.mode; // one message, one mode (a reload may swap it meanwhile)
        boolean maySteer = mode == QueueMode.STEER;
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            Action action;
            synchronized (lane) {
                if (lane.retired) {
                    continue; // went idle and was removed while we waited for its lock
                }
                if (!lane.running) {
                    lane.running = true;
                    action = Action.START;
                } else if (maySteer && lane.queue.isEmpty()) {
                    action = Action.STEER;
                } else {
                    if (lane.queue.size() >= maxPerSession) {
                        throw new LaneFullException(key, lane.queue.size());
                    }
                    lane.queue.addLast(message);
                    action = mode == QueueMode.INTERRUPT ? Action.ABORT : Action.QUEUED;
                }
            }
            switch (action) {
                case START -> startTurn(lane, List.of(message));
                case STEER -> {
                    if (!trySteer(key, message)) {
                        maySteer = false;
                        continue; // queue it (or start, if the turn ended meanwhile)
                    }
                }
                case ABORT -> abortQuietly(key);
                case QUEUED -> {
                }
            }
            return;
        }
    }

    /** Asks the running turn of the session to stop; queued messages still run. True if a turn was running. */
    public boolean abort(String sessionKey) {
        if (!isBusy(sessionKey)) {
            return false;
        }
        abortQuietly(sessionKey);
        return true;
    }

    /**
     * Aborts the running turn and drops the queued messages, telling their observers
     * {@code onError("killed", ...)}. True if there was anything to kill.
     */
    public boolean kill(String sessionKey) {
        Lane lane = lanes.get(sessionKey);
        if (lane == null) {
            return false;
        }
        List<PendingMessage> dropped;
        boolean running;
        synchronized (lane) {
            if (lane.retired) {
                return false;
            }
            dropped = new ArrayList<>(lane.queue);
            lane.queue.clear();
            running = lane.running;
        }
        for (PendingMessage m : dropped) {
            notifyError(m, "killed", "The session was stopped before this message was processed.");
        }
        if (running) {
            abortQuietly(sessionKey);
        }
        return running || !dropped.isEmpty();
    }

    /**
     * Drops every session's queued messages, telling their observers {@code onError(code, text)}
     * (a drain's deadline); running turns go on. Returns how many were dropped.
     */
    public int dropQueued(String code, String text) {
        List<PendingMessage> dropped = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                dropped.addAll(lane.queue);
                lane.queue.clear();
            }
        }
        dropped.forEach(m -> notifyError(m, code, text));
        return dropped.size();
    }

    /** Whether a turn of this session is running. */
    public boolean isBusy(String sessionKey) {
        Lane lane = lanes.get(sessionKey);
        if (lane == null) {
            return false;
        }
        synchronized (lane) {
            return lane.running && !lane.retired;
        }
    }

    /** Messages of this session waiting for a turn. */
    public int queuedCount(String sessionKey) {
        Lane lane = lanes.get(sessionKey);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.retired ? 0 : lane.queue.size();
        }
    }

    public LaneStats stats() {
        int active = 0;
        int running = 0;
        int queued = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                active++;
                running += lane.running ? 1 : 0;
                queued += lane.queue.size();
            }
        }
        return new LaneStats(active, running, queued);
    }

    /** The {@code limit} sessions with the most messages waiting (none with an empty queue), deepest first. */
    public java.util.Map<String, Integer> deepestQueues(int limit) {
        List<java.util.Map.Entry<String, Integer>> depths = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            int queued;
            synchronized (lane) {
                queued = lane.retired ? 0 : lane.queue.size();
            }
            if (queued > 0) {
                depths.add(java.util.Map.entry(lane.key, queued));
            }
        }
        depths.sort(java.util.Map.Entry.<String, Integer>comparingByValue().reversed());
        java.util.Map<String, Integer> top = new java.util.LinkedHashMap<>();
        depths.stream().limit(limit).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    public QueueMode mode() {
        return mode;
    }

    private boolean trySteer(String key, PendingMessage message) {
        try {
            return runner.steer(key, message);
        } catch (RuntimeException e) {
            LOG.warn("Steering into session {} failed, queueing instead: {}", key, e.toString());
            return false;
        }
    }

    /** The message is already accepted (queued), so a failing abort must not look like a rejection. */
    private void abortQuietly(String key) {
        try {
            runner.abort(key);
        } catch (RuntimeException e) {
            LOG.warn("Aborting the turn of session {} failed: {}", key, e.toString());
        }
    }

    private void startTurn(Lane lane, List<PendingMessage> batch) {
        Runnable onFinished = new TurnEnd(lane);
        try {
            runner.runTurn(lane.key, batch, onFinished);
        } catch (RuntimeException e) {
            // the runner never took the turn, so nobody else will tell these observers
            LOG.error("Could not start a turn for session {}", lane.key, e);
            for (PendingMessage m : batch) {
                notifyError(m, "internal", "The agent could not start this turn.");
            }
            onFinished.run();
        }
    }

    private void turnFinished(Lane lane) {
        List<PendingMessage> next;
        synchronized (lane) {
            if (lane.queue.isEmpty()) {
                lane.running = false;
                lane.retired = true;
                lanes.remove(lane.key, lane);
                return;
            }
            next = takeBatch(lane.queue);
        }
        startTurn(lane, next);
    }

    private List<PendingMessage> takeBatch(ArrayDeque<PendingMessage> queue) {
        if (mode == QueueMode.FOLLOWUP) {
            return List.of(queue.pollFirst());
        }
        List<PendingMessage> all = List.copyOf(queue);
        queue.clear();
        return all;
    }

    private static void notifyError(PendingMessage m, String code, String text) {
        try {
            m.observer().onError(code, text);
        } catch (RuntimeException e) {
            LOG.warn("Observer of session {} failed on onError: {}", m.sessionKey(), e.toString());
        }
    }

    private enum Action { START, STEER, ABORT, QUEUED }

    /** The state of one session; guarded by its own monitor. */
    private static final class Lane {
        final String key;
        final ArrayDeque<PendingMessage> queue = new ArrayDeque<>();
        boolean running;
        /** Removed from the map: a submitter that still holds it must look the key up again. */
        boolean retired;

        Lane(String key) {
            this.key = key;
        }
    }

    /** The one-shot callback of one turn; a runner calling it twice must not start two turns. */
    private final class TurnEnd implements Runnable {
        private final Lane lane;
        private final AtomicBoolean called = new AtomicBoolean();

        TurnEnd(Lane lane) {
            this.lane = lane;
        }

        @Override
        public void run() {
            if (called.compareAndSet(false, true)) {
                turnFinished(lane);
            } else {
                LOG.warn("Turn of session {} reported finished twice; ignored", lane.key);
            }
        }
    }
}
