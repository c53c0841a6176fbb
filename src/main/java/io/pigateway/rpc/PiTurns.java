package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session-level operations on a {@link PiPool}: run a prompt as a turn (with timeout), and
 * steer / follow-up / abort / stats against the process currently serving a session.
 */
final class PiTurns {
    private static final Logger LOG = LoggerFactory.getLogger(PiTurns.class);
    /** After a timeout's abort, how long pi gets to end the run before the process is killed. */
    static final long ABORT_GRACE_MS = 10_000;

    private final PiPool pool;
    /** sessionKey → process running (or about to run) that session's turn. */
    private final Map<String, PiProcess> active = new HashMap<>();
    /** sessionKey → completes when that session's latest turn released its process. */
    private final Map<String, CompletableFuture<Void>> slots = new HashMap<>();
    /** sessions whose caller is still waiting for an answer. */
    private final Set<String> answering = new HashSet<>();

    PiTurns(PiPool pool) {
        this.pool = pool;
    }

    CompletableFuture<PiTurnResult> prompt(String sessionKey, String sessionFile, String message,
                                           PiEventListener listener, long timeoutMs, boolean rewindFailure) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> slot = new CompletableFuture<>();
        synchronized (active) {
            if (answering.contains(sessionKey)) {
                return CompletableFuture.failedFuture(new PiRpcException("rejected",
                        "The agent is still answering the previous message of this conversation."));
            }
            answering.add(sessionKey);
            previous = slots.put(sessionKey, slot);
        }
        // A timed-out turn is answered at once but pi may still be aborting it: wait for that
        // (a future, no thread), so one session never runs on two processes at a time.
        CompletableFuture<Void> ready = previous != null ? previous : CompletableFuture.completedFuture(null);
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<PiTurnResult> result = ready.thenCompose(v -> pool.acquire(sessionFile))
                .thenCompose(p -> {
                    ran.set(true); // from here the turn's settlement ends the slot
                    return run(p, sessionKey, sessionFile, message, listener, timeoutMs, slot, rewindFailure);
                });
        // the caller hears the outcome only after the session stopped "answering": its next message
        // (often sent from the very callback) must not be refused as still in progress
        CompletableFuture<PiTurnResult> answer = new CompletableFuture<>();
        result.whenComplete((r, e) -> {
            synchronized (active) {
                answering.remove(sessionKey);
            }
            if (!ran.get()) {
                endSlot(sessionKey, slot);
            }
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(r);
            }
        });
        return answer;
    }

    private CompletableFuture<PiTurnResult> run(PiProcess p, String sessionKey, String sessionFile, String message,
                                                PiEventListener listener, long timeoutMs, CompletableFuture<Void> slot,
                                                boolean rewindFailure) {
        synchronized (active) {
            active.put(sessionKey, p);
        }
        Path transcript = Path.of(sessionFile);
        long mark = rewindFailure ? lengthOf(transcript) : Long.MIN_VALUE;
        PiTurn turn = p.prompt(sessionKey, message, listener);
        ScheduledFuture<?> timer = pool.scheduler().schedule(() -> timeout(p, turn), timeoutMs, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> released = new CompletableFuture<>();
        turn.settled().whenComplete((v, e) -> {
            timer.cancel(false);
            synchronized (active) {
                active.remove(sessionKey, p);
            }
            if (!turn.result().isCompletedExceptionally()) {
                pool.turnServed();
            }
            if (!turn.undelivered().isEmpty()) {
                // late steers wait in pi's queue; a switch_session (forced by forgetting the loaded
                // file) empties it, so they can't slip into this session's next run or another's
                p.sessionFile = null;
            }
            boolean rewound = mark != Long.MIN_VALUE && turn.failedWithoutProgress() && rewind(p, transcript, mark);
            p.sessionStamp = Transcripts.stamp(transcript);
            pool.release(p);
            endSlot(sessionKey, slot);
            released.complete(rewound);
        });
        if (!rewindFailure) {
            return turn.result();
        }
        // a failed run is answered once it is out of the transcript, so the caller may run it again
        return turn.result().thenCompose(r -> r.failed() ? released.thenApply(r::withRewound)
                : CompletableFuture.completedFuture(r));
    }

    private static long lengthOf(Path transcript) {
        try {
            return Transcripts.length(transcript);
        } catch (IOException e) {
            return Long.MIN_VALUE; // unknown: never cut
        }
    }

    /** Takes the failed run out of the transcript; pi's copy in memory has it, so the process must reload. */
    private boolean rewind(PiProcess p, Path transcript, long mark) {
        p.sessionFile = null;
        try {
            Transcripts.truncate(transcript, mark);
            return true;
        } catch (IOException e) {
            LOG.warn("cannot take the failed run out of {}: {}", transcript, e.toString());
            return false;
        }
    }

    private void endSlot(String sessionKey, CompletableFuture<Void> slot) {
        synchronized (active) {
            slots.remove(sessionKey, slot);
        }
        slot.complete(null);
    }

    private void timeout(PiProcess p, PiTurn turn) {
        if (turn.isSettled()) {
            return;
        }
        LOG.warn("Turn of session {} on {} timed out; aborting it", turn.sessionKey(), p);
        turn.failEarly(new PiRpcException("timeout", "The agent took too long to answer and was stopped."));
        // the abort ends the run with agent_end, which settles the turn; if pi does not, kill it
        p.request("abort", null);
        pool.scheduler().schedule(() -> {
            if (!turn.isSettled()) {
                LOG.warn("{} did not stop after abort; killing it", p);
                p.kill();
            }
        }, ABORT_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    private PiProcess activeProcess(String sessionKey) {
        synchronized (active) {
            PiProcess p = active.get(sessionKey);
            return p != null && p.currentTurn() != null && !p.currentTurn().isSettled() ? p : null;
        }
    }

    /** The session whose unsettled turn runs on process {@code processId}, if any. */
    java.util.Optional<String> sessionServedBy(long processId) {
        synchronized (active) {
            for (Map.Entry<String, PiProcess> e : active.entrySet()) {
                PiProcess p = e.getValue();
                PiTurn t = p.currentTurn();
                if (p.serial() == processId && p.isAlive() && t != null && !t.isSettled()
                        && e.getKey().equals(t.sessionKey())) {
                    return java.util.Optional.of(e.getKey());
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * {@code steer} or {@code follow_up} into the session's running turn. Refused once pi's run
     * ended (agent_end seen, confirmation pending): pi would keep the message for a later run and
     * its sender would get this turn's answer, which never saw it.
     */
    CompletableFuture<Void> inject(String sessionKey, String command, String message) {
        PiProcess p = activeProcess(sessionKey);
        PiTurn turn = p != null ? p.currentTurn() : null;
        if (turn == null || !turn.acceptsInjection() || !turn.tryInject(message)) {
            return CompletableFuture.failedFuture(new PiRpcException("no_active_turn",
                    "There is no answer in progress to add this message to."));
        }
        return p.request(command, PiProtocol.fields().put("message", message))
                .whenComplete((d, e) -> {
                    if (e != null) {
                        turn.injectionFailed(message);
                    }
                })
                .thenApply(d -> null);
    }

    /** Aborts the session's running turn; completes when pi answered. No-op if none runs. */
    CompletableFuture<Void> abort(String sessionKey) {
        PiProcess p = activeProcess(sessionKey);
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        return p.request("abort", null).thenApply(d -> null);
    }

    /** {@code {"stats": get_session_stats, "state": get_state}} of the session. */
    CompletableFuture<JsonNode> stats(String sessionKey, String sessionFile) {
        PiProcess running = activeProcess(sessionKey);
        if (running != null) {
            return query(running); // pi answers commands concurrently with a running turn
        }
        return pool.acquire(sessionFile).thenCompose(p -> query(p).whenComplete((r, e) -> pool.release(p)));
    }

    private static CompletableFuture<JsonNode> query(PiProcess p) {
        CompletableFuture<JsonNode> stats = p.request("get_session_stats", null);
        CompletableFuture<JsonNode> state = p.request("get_state", null);
        return stats.thenCombine(state, (s, st) -> {
            ObjectNode out = PiProtocol.JSON.createObjectNode();
            out.set("stats", s);
            out.set("state", st);
            return out;
        });
    }
}
