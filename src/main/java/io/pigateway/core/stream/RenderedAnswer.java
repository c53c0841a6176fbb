package io.pigateway.core.stream;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;

/**
 * A channel's answer to one turn: the turn's events go to the channel's {@link StreamRenderer},
 * and the session key (known once the turn starts) is kept for the outbound hooks.
 */
public abstract class RenderedAnswer implements TurnObserver {
    private volatile String sessionKey;

    /** The renderer the channel built for this answer. */
    protected abstract StreamRenderer renderer();

    /** The session whose answer this is; null until its turn starts. */
    protected final String sessionKey() {
        return sessionKey;
    }

    @Override
    public void onStart(String sessionKey, String runId) {
        this.sessionKey = sessionKey;
        renderer().onStart(sessionKey, runId);
    }

    @Override
    public void onDelta(String text) {
        renderer().onDelta(text);
    }

    @Override
    public void onTool(String toolName, String phase) {
        renderer().onTool(toolName, phase);
    }

    @Override
    public void onFinal(TurnResult result) {
        renderer().onFinal(result);
    }

    @Override
    public void onError(String code, String message) {
        renderer().onError(code, message);
    }
}
