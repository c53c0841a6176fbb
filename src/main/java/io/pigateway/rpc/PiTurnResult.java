package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A finished run: the final assistant text (the last assistant message's text parts),
 * pi's stop reason ({@code stop}, {@code aborted}, {@code error}, ...), the error message when
 * the stop reason is {@code error}, and the usage of the last assistant message.
 */
public record PiTurnResult(String text, String stopReason, String errorMessage, JsonNode usage) {
    public boolean failed() {
        return "error".equals(stopReason);
    }
}
