package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dedupe remembers across restarts: Discord its last N message ids, every channel 2 days. */
class InboundDedupeTest {
    @TempDir
    Path dir;
    SqliteStateStore store;
    InboundDedupe dedupe;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir);
        dedupe = new InboundDedupe(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static InboundMessage message(String channel, String id) {
        return new InboundMessage(channel, "default", ChatScope.DM, "501", null, "7", "u", "hi", List.of(), true, id,
                null);
    }

    @Test
    void keepLastForgetsAllButTheNewestEntriesOfThatChannelOnly() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 1; i <= 5; i++) {
            store.put(InboundDedupe.NAMESPACE, InboundDedupe.key(message("discord", "" + i)),
                    t.plusMillis(i * 100L).toString());
            store.put(InboundDedupe.NAMESPACE, InboundDedupe.key(message("telegram", "" + i)), t.toString());
        }
        // the oldest: "…10:00:00Z" sorts after "…10:00:00.500Z" as text, so entries are compared as instants
        store.put(InboundDedupe.NAMESPACE, InboundDedupe.key(message("discord", "0")), t.toString());

        dedupe.keepLast("discord", 3);

        assertThat(List.of("0", "1", "2", "3", "4", "5").stream().filter(id -> dedupe.seen(message("discord", id))))
                .containsExactly("3", "4", "5");
        assertThat(List.of("1", "2", "3", "4", "5").stream().filter(id -> dedupe.seen(message("telegram", id))))
                .hasSize(5);
    }
}
