package io.pigateway.pipeline;

import io.pigateway.core.TurnMeter;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import org.slf4j.MDC;

/**
 * One turn as the logs and the {@link TurnMeter} see it: its {@code sessionKey}, {@code runId} and
 * {@code channel} go into the logging MDC while a thread works on it ({@code logging.format: json}
 * prints them), and, as one of the turn's observers, it hears the outcome the users heard: {@code ok}
 * or the error code they were shown.
 */
final class TurnTrace implements TurnObserver {
    static final String SESSION_KEY = "sessionKey";
    static final String RUN_ID = "runId";
    static final String CHANNEL = "channel";

    private final String sessionKey;
    private final String runId;
    private final String channel;
    private final long startedNanos = System.nanoTime();
    private volatile String outcome = "internal"; // until the observers hear an answer or an error

    TurnTrace(String sessionKey, String runId, String channel) {
        this.sessionKey = sessionKey;
        this.runId = runId;
        this.channel = channel;
    }

    /** This thread now works on the turn: its log lines carry the turn's keys. */
    void enterLogs() {
        MDC.put(SESSION_KEY, sessionKey);
        MDC.put(RUN_ID, runId);
        if (channel != null) {
            MDC.put(CHANNEL, channel);
        }
    }

    static void leaveLogs() {
        MDC.remove(SESSION_KEY);
        MDC.remove(RUN_ID);
        MDC.remove(CHANNEL);
    }

    @Override
    public void onFinal(TurnResult result) {
        outcome = "ok";
    }

    @Override
    public void onError(String code, String message) {
        outcome = code;
    }

    /** The turn is over: tells the meter how it ended and how long it took. */
    void ended(TurnMeter meter) {
        meter.turnEnded(channel, outcome, System.nanoTime() - startedNanos);
    }
}
