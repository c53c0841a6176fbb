package io.pigateway.tools;

/** A tool failure the agent reads as the tool's error text ("file not found", "not supported on webchat"). */
public final class ToolException extends RuntimeException {
    public ToolException(String message) {
        super(message);
    }
}
