package io.pigateway.pipeline.lane.kafka;

import io.pigateway.core.TurnObserver;
import io.pigateway.pipeline.lane.LaneClaim;

/**
 * The observer of a message taken from a lane partition: passes everything on to whoever watches
 * the answer, fences the turn's start on the partition still being ours, and marks the record done
 * once its outcome (answer or error) has been handed on: first durably ({@code handedOver}, for the
 * next owner after a crash), then in the ledger (for the commit).
 */
final class RecordObserver extends EndingObserver implements LaneClaim {
    private final PartitionLedger ledger;
    private final long offset;

    RecordObserver(TurnObserver watcher, PartitionLedger ledger, long offset, Runnable handedOver) {
        super(watcher, () -> {
            handedOver.run();
            ledger.done(offset);
        });
        this.ledger = ledger;
        this.offset = offset;
    }

    @Override
    public boolean claim() {
        return ledger.claim(offset);
    }
}
