package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** Passes a turn's events on to its watcher, and runs {@code atEnd} once after the final answer or the error. */
class EndingObserver implements TurnObserver {
    private final TurnObserver watcher;
    private final Runnable atEnd;
    private final AtomicBoolean over = new AtomicBoolean();

    EndingObserver(TurnObserver watcher, Runnable atEnd) {
        this.watcher = watcher;
        this.atEnd = atEnd;
    }

    @Override
    public void onStart(String sessionKey, String runId) {
        watcher.onStart(sessionKey, runId);
    }

    @Override
    public void onDelta(String text) {
        watcher.onDelta(text);
    }

    @Override
    public void onTool(String toolName, String phase) {
        watcher.onTool(toolName, phase);
    }

    @Override
    public void onFinal(TurnResult result) {
        try {
            watcher.onFinal(result);
        } finally {
            end();
        }
    }

    @Override
    public void onError(String code, String message) {
        try {
            watcher.onError(code, message);
        } finally {
            end();
        }
    }

    @Override
    public void onMessage(String sessionKey, String text, Instant at) {
        watcher.onMessage(sessionKey, text, at);
    }

    private void end() {
        if (over.compareAndSet(false, true)) {
            atEnd.run();
        }
    }
}
