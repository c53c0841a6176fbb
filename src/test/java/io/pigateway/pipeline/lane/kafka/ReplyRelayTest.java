package io.pigateway.pipeline.lane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.TurnResult;
import io.pigateway.testing.RecordingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

/** Who watches a turn for a waiting caller: the caller itself when it waits here, else the replies topic. */
class ReplyRelayTest {
    private final List<String> published = new ArrayList<>();
    private final ReplyRelay relay = new ReplyRelay("a", "t.replies", (key, json) -> published.add(key + " " + json),
            new MockConsumer<>(OffsetResetStrategy.LATEST));

    @Test
    void aCallerWaitingHereWatchesTheTurnAndIsForgottenWhenItEnds() {
        RecordingObserver caller = new RecordingObserver();
        String id = relay.register(caller);

        var watcher = relay.watcherFor("a", id);
        watcher.onDelta("hi");
        watcher.onFinal(new TurnResult("k", "r", "hi there", "stop"));

        assertThat(caller.events()).containsExactly("delta:hi", "final:hi there");
        assertThat(published).isEmpty();
        assertThat(relay.waitingCount()).isZero();
    }

    @Test
    void aCallerOnAnotherInstanceGetsTheEventsKeyedByThatInstance() {
        var watcher = relay.watcherFor("b", "id-1");
        watcher.onStart("k", "r");
        watcher.onError("timeout", "The agent did not answer in time.");

        assertThat(published).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("b {\"to\":\"b\",\"id\":\"id-1\""));
        assertThat(published.get(1)).contains("\"type\":\"error\"").contains("did not answer in time");
    }

    @Test
    void aCallerWhoseTurnNeverAnswersIsForgottenAfterAnHour() {
        relay.register(new RecordingObserver());
        long now = System.nanoTime();

        relay.sweep(now);
        assertThat(relay.waitingCount()).isEqualTo(1);
        relay.sweep(now + ReplyRelay.FORGET_AFTER.plus(Duration.ofMinutes(2)).toNanos());
        assertThat(relay.waitingCount()).isZero();
    }
}
