package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prompt running on one process. {@link #result()} completes for the caller (result, or a
 * {@link PiRpcException}); {@link #settled()} completes once pi is really done with it, which is
 * when the process may serve another turn (a good answer is handed out at {@code agent_end} and
 * after a timeout the caller is answered at once, but the process is only reused after pi
 * confirmed the run, or the abort, is over).
 */
final class PiTurn {
    private static final Logger LOG = LoggerFactory.getLogger(PiTurn.class);

    private final String sessionKey;
    private final PiEventListener listener;
    private final TurnCompletion completion = new TurnCompletion();
    private final CompletableFuture<PiTurnResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private JsonNode lastAssistant;
    /** Texts steered / followed up into this run, and the user messages pi actually started. */
    private final java.util.List<String> injected = new java.util.ArrayList<>();
    private final java.util.List<String> started = new java.util.ArrayList<>();
    /** Set (under the same lock) once the result is built: later injections can't be accounted for. */
    private boolean accounted;

    PiTurn(String sessionKey, PiEventListener listener) {
        this.sessionKey = sessionKey;
        this.listener = listener;
    }

    String sessionKey() {
        return sessionKey;
    }

    CompletableFuture<PiTurnResult> result() {
        return result;
    }

    CompletableFuture<Void> settled() {
        return settled;
    }

    /** Called on the reader thread for every event; returns what the process should do next. */
    TurnCompletion.Step onEvent(PiEvent event) {
        if ("message_end".equals(event.type()) && "assistant".equals(event.json().path("message").path("role").asText())) {
            lastAssistant = event.json().get("message");
        }
        if ("message_start".equals(event.type()) && "user".equals(event.json().path("message").path("role").asText())) {
            synchronized (injected) {
                started.add(PiProtocol.messageText(event.json().get("message")));
            }
        }
        // compaction may follow a final answer; its events still belong to the turn (hooks)
        if (listener != null && (!result.isDone() || event.type().startsWith("compaction_"))) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Turn listener of session {} failed on {}: {}", sessionKey, event.type(), e.toString());
            }
        }
        TurnCompletion.Step step = completion.onEvent(event.type(), event.json());
        if (step == TurnCompletion.Step.DONE) {
            finish();
        } else if (step == TurnCompletion.Step.CONFIRM && answerIsFinal()) {
            // the caller gets the answer now; the process stays reserved until pi confirms the run is over
            result.complete(buildResult());
        }
        return step;
    }

    /**
     * At {@code agent_end}: whether what follows can no longer change the answer. pi retries only
     * a run that ended in an error, and overflow compaction only follows an error too; a threshold
     * compaction after a good answer keeps the answer (PI-RPC.md §5). So only an error waits.
     */
    private boolean answerIsFinal() {
        return lastAssistant != null && !"error".equals(lastAssistant.path("stopReason").asText());
    }

    int confirmSeq() {
        return completion.confirmSeq();
    }

    void onConfirmed(int seq, JsonNode state) {
        boolean compacting = state != null && state.path("isCompacting").asBoolean(false);
        if (completion.onConfirmed(seq, compacting) == TurnCompletion.Step.DONE) {
            finish();
        }
    }

    private void finish() {
        result.complete(buildResult());
        settled.complete(null);
    }

    /** The turn cannot go on (crash, rejected prompt): the caller gets {@code error}, the process is free. */
    void fail(PiRpcException error) {
        result.completeExceptionally(error);
        settled.complete(null);
    }

    /** Answer the caller now; {@link #settled()} waits for pi (e.g. for the abort to finish). */
    void failEarly(PiRpcException error) {
        result.completeExceptionally(error);
    }

    void settle() {
        result.complete(buildResult());
        settled.complete(null);
    }

    /**
     * Records a steer / follow-up of this text before it is sent to pi; false once the result is
     * built (the caller must not send it: nobody would learn whether pi took it in).
     */
    boolean tryInject(String text) {
        synchronized (injected) {
            if (accounted) {
                return false;
            }
            injected.add(text);
            return true;
        }
    }

    /** The injection was refused by pi: it is not pending anywhere. */
    void injectionFailed(String text) {
        synchronized (injected) {
            injected.remove(text);
        }
    }

    /**
     * Injected texts pi never started as a user message of this run: they reached pi after its run
     * closed and sit in pi's queue, where the next switch_session drops them.
     */
    java.util.List<String> undelivered() {
        synchronized (injected) {
            java.util.List<String> left = new java.util.ArrayList<>(injected);
            started.forEach(left::remove);
            return left;
        }
    }

    /** Whether pi's run is still going, so a steer / follow-up joins it. */
    boolean acceptsInjection() {
        return !settled.isDone() && !completion.runEnded();
    }

    boolean isSettled() {
        return settled.isDone();
    }

    private PiTurnResult buildResult() {
        synchronized (injected) {
            accounted = true;
        }
        if (lastAssistant == null) {
            return new PiTurnResult("", "aborted", null, null, undelivered());
        }
        return new PiTurnResult(PiProtocol.messageText(lastAssistant), lastAssistant.path("stopReason").asText("stop"),
                lastAssistant.path("errorMessage").asText(null), lastAssistant.get("usage"), undelivered());
    }
}
