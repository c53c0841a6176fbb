package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.ForwardingTurnObserver;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.concurrent.atomic.AtomicBoolean;

/** Passes a turn's events on to its watcher, and runs {@code atEnd} once after the final answer or the error. */
class EndingObserver extends ForwardingTurnObserver {
    private final Runnable atEnd;
    private final AtomicBoolean over = new AtomicBoolean();

    EndingObserver(TurnObserver watcher, Runnable atEnd) {
        super(watcher);
        this.atEnd = atEnd;
    }

    @Override
    public void onFinal(TurnResult result) {
        try {
            super.onFinal(result);
        } finally {
            end();
        }
    }

    @Override
    public void onError(String code, String message) {
        try {
            super.onError(code, message);
        } finally {
            end();
        }
    }

    private void end() {
        if (over.compareAndSet(false, true)) {
            atEnd.run();
        }
    }
}
