package io.pigateway.pipeline;

import org.slf4j.MDC;

/**
 * Puts a turn's {@code sessionKey}, {@code runId} and {@code channel} into the logging MDC while
 * the gateway works on it on this thread, so {@code logging.format: json} lines carry them.
 */
final class TurnLogContext {
    static final String SESSION_KEY = "sessionKey";
    static final String RUN_ID = "runId";
    static final String CHANNEL = "channel";

    private TurnLogContext() {
    }

    static void open(String sessionKey, String runId, String channel) {
        MDC.put(SESSION_KEY, sessionKey);
        MDC.put(RUN_ID, runId);
        if (channel != null) {
            MDC.put(CHANNEL, channel);
        }
    }

    static void close() {
        MDC.remove(SESSION_KEY);
        MDC.remove(RUN_ID);
        MDC.remove(CHANNEL);
    }
}
