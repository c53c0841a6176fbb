package io.pigateway.core;

import java.time.Instant;

/** A {@link TurnObserver} that passes every event on to another; subclasses override what they add. */
public abstract class ForwardingTurnObserver implements TurnObserver {
    protected final TurnObserver delegate;

    protected ForwardingTurnObserver(TurnObserver delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onStart(String sessionKey, String runId) {
        delegate.onStart(sessionKey, runId);
    }

    @Override
    public void onDelta(String text) {
        delegate.onDelta(text);
    }

    @Override
    public void onTool(String toolName, String phase) {
        delegate.onTool(toolName, phase);
    }

    @Override
    public void onFinal(TurnResult result) {
        delegate.onFinal(result);
    }

    @Override
    public void onError(String code, String message) {
        delegate.onError(code, message);
    }

    @Override
    public void onMessage(String sessionKey, String text, Instant at) {
        delegate.onMessage(sessionKey, text, at);
    }
}
