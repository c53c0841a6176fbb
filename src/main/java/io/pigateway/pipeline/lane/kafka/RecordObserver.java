package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.pipeline.lane.LaneClaim;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The observer of a message taken from a lane partition: passes everything on to whoever watches
 * the answer, fences the turn's start on the partition still being ours, and marks the record done
 * in the ledger once its outcome (answer or error) has been handed on.
 */
final class RecordObserver implements TurnObserver, LaneClaim {
    private final TurnObserver watcher;
    private final PartitionLedger ledger;
    private final long offset;
    private final AtomicBoolean over = new AtomicBoolean();

    RecordObserver(TurnObserver watcher, PartitionLedger ledger, long offset) {
        this.watcher = watcher;
        this.ledger = ledger;
        this.offset = offset;
    }

    @Override
    public boolean claim() {
        return ledger.claim(offset);
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
            finish();
        }
    }

    @Override
    public void onError(String code, String message) {
        try {
            watcher.onError(code, message);
        } finally {
            finish();
        }
    }

    @Override
    public void onMessage(String sessionKey, String text, Instant at) {
        watcher.onMessage(sessionKey, text, at);
    }

    private void finish() {
        if (over.compareAndSet(false, true)) {
            ledger.done(offset);
        }
    }
}
