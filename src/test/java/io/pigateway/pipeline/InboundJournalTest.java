package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbound journal's life cycle: accepted, started, done; idempotent and surviving a reopen. */
class InboundJournalTest {
    @TempDir
    Path dir;
    SqliteStateStore store;
    InboundJournal journal;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir);
        journal = new InboundJournal(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anAcceptedMessageIsPendingUntilDoneAndSurvivesAReopen() {
        assertThat(journal.accept("telegram", "main", "501:9", null, "{}")).isTrue();
        String key = InboundJournal.key("telegram", "main", "501:9");

        store.close();
        store = SqliteStateStore.open(dir);
        journal = new InboundJournal(store);

        assertThat(journal.pending("telegram")).extracting(InboundJournal.Entry::key, InboundJournal.Entry::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(key, InboundJournal.Stage.ACCEPTED));
        assertThat(journal.pending("discord")).isEmpty();
        journal.done(key);
        assertThat(journal.pending("telegram")).isEmpty();
    }

    @Test
    void everyStepIsIdempotentAndStartedDoesNotGoBack() {
        String key = InboundJournal.key("telegram", "main", "501:9");
        assertThat(journal.accept("telegram", "main", "501:9", "s1", "first")).isTrue();
        assertThat(journal.accept("telegram", "main", "501:9", "s1", "second")).isFalse();
        journal.started(key);
        journal.started(key);
        journal.replaying(key); // a started turn is never re-run

        InboundJournal.Entry e = journal.find(key).orElseThrow();
        assertThat(e.stage()).isEqualTo(InboundJournal.Stage.STARTED);
        assertThat(e.message()).isEqualTo("first");
        assertThat(e.sessionKey()).isEqualTo("s1");

        journal.done(key);
        journal.done(key);
        journal.started(key); // a late start of an answered message creates nothing
        assertThat(journal.find(key)).isEmpty();
    }

    @Test
    void aReplayedMessageIsMarkedSoItIsNotReplayedAgain() {
        String key = InboundJournal.key("telegram", "main", "501:9");
        journal.accept("telegram", "main", "501:9", null, "m");
        journal.replaying(key);
        assertThat(journal.find(key).orElseThrow().stage()).isEqualTo(InboundJournal.Stage.REPLAYED);
    }

    @Test
    void aMessageTheKafkaLanesTookIsQueuedAndItsTurnMayStillStartATool() {
        String key = InboundJournal.key("telegram", "main", "501:9");
        journal.accept("telegram", "main", "501:9", null, "m");

        journal.queued(key);
        journal.replaying(key); // a queued message is the lanes' to run again, never a replay's
        assertThat(journal.find(key).orElseThrow().stage()).isEqualTo(InboundJournal.Stage.QUEUED);
        journal.started(key);
        assertThat(journal.find(key).orElseThrow().stage()).isEqualTo(InboundJournal.Stage.STARTED);
        journal.done(key);
        journal.queued(key); // a late ack of an answered message creates nothing
        assertThat(journal.find(key)).isEmpty();
    }

    @Test
    void aMessageReadsBackAsItWasWrittenWithItsRoleAndMedia() {
        InboundMessage m = new InboundMessage("telegram", "main", ChatScope.GROUP, "-100", "7", "42", "Ann", "look",
                List.of(new MediaAttachment("image", "/data/a.png", "image/png", "a.png")), true, "9",
                Instant.ofEpochMilli(1_700_000_000_000L));

        InboundMessageJson.Journaled back = InboundMessageJson.read(InboundMessageJson.write(m, "admin")).orElseThrow();

        assertThat(back.message()).isEqualTo(m);
        assertThat(back.role()).isEqualTo("admin");
        assertThat(InboundMessageJson.read("not json")).isEmpty();
    }
}
