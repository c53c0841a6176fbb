package io.pigateway.pipeline.lane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outcome markers a crashed owner leaves in the shared store, and what the next owner makes of them. */
class OutcomeMarkersTest {
    private static final TopicPartition P0 = new TopicPartition("lanes", 0);
    private static final TopicPartition P1 = new TopicPartition("lanes", 1);

    @TempDir
    Path dir;

    @Test
    void theNextOwnerSkipsWhatACrashedOwnerHandedOverButNeverCommitted() {
        try (StateStore store = SqliteStateStore.open(dir)) {
            OutcomeMarkers crashed = new OutcomeMarkers(store);
            crashed.mark(P0, 10);
            crashed.mark(P0, 12);
            crashed.mark(P1, 10);
            crashed.committed(P0, 11); // 10's commit went through: its marker goes

            Set<Long> handedOver = new OutcomeMarkers(store).handedOver(P0, 11);
            PartitionLedger next = new PartitionLedger(new OffsetAndMetadata(11, ""), handedOver);

            assertThat(handedOver).containsExactly(12L);
            assertThat(next.receive(11)).as("its turn was running at the crash: it runs again").isTrue();
            assertThat(next.receive(12)).as("answered before the crash: not again").isFalse();
            assertThat(store.list(OutcomeMarkers.NAMESPACE)).extracting(e -> e.getKey())
                    .containsExactlyInAnyOrder("lanes-0@12", "lanes-1@10");
        }
    }

    @Test
    void markersBelowTheCommitAreStaleAndDeletedByTheNextOwner() {
        try (StateStore store = SqliteStateStore.open(dir)) {
            new OutcomeMarkers(store).mark(P0, 3); // committed, then the owner died before pruning

            assertThat(new OutcomeMarkers(store).handedOver(P0, 4)).isEmpty();
            assertThat(store.list(OutcomeMarkers.NAMESPACE)).isEmpty();
        }
    }

    @Test
    void withoutASharedStoreNothingIsKept() {
        OutcomeMarkers.NONE.mark(P0, 1);

        assertThat(OutcomeMarkers.NONE.handedOver(P0, 0)).isEmpty();
    }
}
