package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides when a prompt's run is final (PI-RPC.md §3, §5): {@code agent_end} is final unless the
 * next event is {@code auto_retry_start}, or {@code compaction_start} whose {@code compaction_end}
 * says {@code willRetry}.
 *
 * <p>"The next event" is observed without a timer: after each {@code agent_end} the process sends a
 * {@code get_state} ({@link Step#CONFIRM}). pi emits {@code auto_retry_start} / {@code compaction_start}
 * synchronously in the same tick as {@code agent_end} (agent-session.js, {@code _processAgentEvent}),
 * and reads stdin only afterwards, so both are written before that response. Verified with the
 * real pi 0.73.1: {@code agent_end, auto_retry_start, response(get_state)}. When the response
 * arrives with nothing in between and {@code isCompacting=false}, the run is final.
 */
final class TurnCompletion {
    enum Step { CONTINUE, CONFIRM, DONE }

    private int confirmSeq;
    private boolean awaitingConfirm;
    private boolean sawAgentEnd;
    private boolean compacting;
    private boolean done;

    /** Feed each event of the turn in order. */
    Step onEvent(String type, JsonNode json) {
        if (done) {
            return Step.CONTINUE;
        }
        switch (type) {
            case "agent_start", "auto_retry_start" -> awaitingConfirm = false;
            case "agent_end" -> {
                sawAgentEnd = true;
                if (!compacting) {
                    awaitingConfirm = true;
                    confirmSeq++;
                    return Step.CONFIRM;
                }
            }
            case "compaction_start" -> {
                compacting = true;
                awaitingConfirm = false;
            }
            case "compaction_end" -> {
                compacting = false;
                boolean willRetry = json != null && json.path("willRetry").asBoolean(false);
                if (!willRetry && sawAgentEnd) {
                    done = true;
                    return Step.DONE;
                }
            }
            default -> {
                // other events do not affect completion
            }
        }
        return Step.CONTINUE;
    }

    /** The number to pass back to {@link #onConfirmed} for the confirmation just requested. */
    int confirmSeq() {
        return confirmSeq;
    }

    /** The {@code get_state} response for confirmation {@code seq} arrived. */
    Step onConfirmed(int seq, boolean isCompacting) {
        if (done || !awaitingConfirm || seq != confirmSeq || isCompacting || compacting) {
            return Step.CONTINUE;
        }
        done = true;
        return Step.DONE;
    }

    boolean isDone() {
        return done;
    }
}
