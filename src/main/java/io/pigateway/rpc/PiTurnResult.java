package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A finished run: the final assistant text (the last assistant message's text parts),
 * pi's stop reason ({@code stop}, {@code aborted}, {@code error}, ...), the error message when
 * the stop reason is {@code error}, the usage of the last assistant message, and the texts steered
 * into the run that pi did not take into it ({@code undelivered}: they reached pi after the run
 * closed; the pool drops them from pi's queue, so the caller must run them again). {@code model}
 * is the {@code provider/modelId} of the last assistant message (null if none); {@code rewound}
 * says a failed run was taken out of the transcript, so the same message may run again.
 */
public record PiTurnResult(String text, String stopReason, String errorMessage, JsonNode usage,
                           java.util.List<String> undelivered, String model, boolean rewound) {

    public PiTurnResult {
        undelivered = undelivered != null ? java.util.List.copyOf(undelivered) : java.util.List.of();
    }

    public PiTurnResult(String text, String stopReason, String errorMessage, JsonNode usage,
                        java.util.List<String> undelivered) {
        this(text, stopReason, errorMessage, usage, undelivered, null, false);
    }

    public PiTurnResult(String text, String stopReason, String errorMessage, JsonNode usage) {
        this(text, stopReason, errorMessage, usage, null);
    }

    public boolean failed() {
        return "error".equals(stopReason);
    }

    PiTurnResult withRewound(boolean value) {
        return new PiTurnResult(text, stopReason, errorMessage, usage, undelivered, model, value);
    }
}
