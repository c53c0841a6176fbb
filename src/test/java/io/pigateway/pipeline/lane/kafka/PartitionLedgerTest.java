package io.pigateway.pipeline.lane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** The commit a partition's ledger makes while turns of different sessions end out of order. */
class PartitionLedgerTest {

    @Test
    void commitsUpToTheFirstMessageNotDoneAndCarriesTheOnesDoneAboveIt() {
        PartitionLedger ledger = new PartitionLedger(null);
        for (long o = 10; o <= 14; o++) {
            assertThat(ledger.receive(o)).isTrue();
        }
        ledger.claim(10);
        ledger.claim(12);
        ledger.done(12);
        ledger.done(14); // 10 runs, 11 and 13 wait

        OffsetAndMetadata commit = ledger.takeCommit(false);

        assertThat(commit.offset()).isEqualTo(10);
        assertThat(commit.metadata()).isEqualTo("done:2,4");
        assertThat(ledger.takeCommit(false)).as("nothing new").isNull();
        ledger.done(10);
        ledger.done(11);
        assertThat(ledger.takeCommit(false)).isEqualTo(new OffsetAndMetadata(13, "done:1"));
        ledger.done(13);
        assertThat(ledger.takeCommit(false)).isEqualTo(new OffsetAndMetadata(15, ""));
    }

    @Test
    void theNextOwnerSkipsWhatThePreviousOneFinished() {
        PartitionLedger next = new PartitionLedger(new OffsetAndMetadata(10, "done:2,4"));

        assertThat(next.receive(10)).isTrue();
        assertThat(next.receive(11)).isTrue();
        assertThat(next.receive(12)).as("done before the move").isFalse();
        assertThat(next.receive(13)).isTrue();
        assertThat(next.receive(14)).isFalse();
        assertThat(next.pendingCount()).isEqualTo(3);
    }

    @Test
    void aDisownedPartitionStartsNothingAndTheDrainWaitsOnlyForWhatRuns() throws InterruptedException {
        PartitionLedger ledger = new PartitionLedger(null);
        ledger.receive(0);
        ledger.receive(1);
        assertThat(ledger.claim(0)).isTrue();

        ledger.disown();

        assertThat(ledger.claim(1)).as("queued when the partition moved: its new owner runs it").isFalse();
        assertThat(ledger.awaitRunning(System.nanoTime() + 50_000_000L)).as("0 still runs").isFalse();
        ledger.done(0);
        assertThat(ledger.awaitRunning(System.nanoTime())).isTrue();
        assertThat(ledger.takeCommit(true)).as("1 is left for the next owner").isEqualTo(new OffsetAndMetadata(1, ""));
    }
}
