package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.store.SessionRecord;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known sessions open without a store read; {@code /new} and restarts still see the right file. */
class SessionCatalogTest {
    @TempDir
    Path dir;

    @Test
    void opensFromMemoryAfterTheFirstUseAndResetSwitchesTheFile() {
        HookRegistry hooks = new HookRegistry();
        AtomicInteger started = new AtomicInteger();
        hooks.register(HookPoint.SESSION_START, context -> started.incrementAndGet());
        String key = "agent:main:api:dm:u";
        String resetFile;
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            SessionCatalog catalog = new SessionCatalog(store, dir, hooks, null);
            SessionRecord first = catalog.open(key, "api");
            assertThat(catalog.open(key, "api")).isSameAs(first);
            assertThat(started).hasValue(1);

            assertThat(catalog.reset(key)).isTrue();
            resetFile = catalog.open(key, "api").sessionFile();
            assertThat(resetFile).isNotEqualTo(first.sessionFile());
            assertThat(catalog.find(key).orElseThrow().sessionFile()).isEqualTo(resetFile);
        }
        try (SqliteStateStore store = SqliteStateStore.open(dir)) { // a restart reads the store again
            SessionCatalog catalog = new SessionCatalog(store, dir, hooks, null);
            assertThat(catalog.open(key, "api").sessionFile()).isEqualTo(resetFile);
            assertThat(started).hasValue(1);
        }
    }

    @Test
    void aSessionCanBeRenamedAndDeleted() {
        String key = "agent:main:webchat:dm:abc";
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            SessionCatalog catalog = new SessionCatalog(store, dir, new HookRegistry(), null);
            catalog.open(key, "webchat");
            assertThat(catalog.titleOf(key)).isEmpty();

            assertThat(catalog.rename(key, "  Plan the\ntrip  ")).isTrue();
            assertThat(catalog.titleOf(key)).contains("Plan the trip");
            assertThat(catalog.rename(key, "   ")).isFalse();
            assertThat(catalog.rename(key, "x".repeat(200))).isTrue();
            assertThat(catalog.titleOf(key).orElseThrow()).hasSize(SessionCatalog.TITLE_MAX).endsWith("…");

            assertThat(catalog.delete(key)).isTrue();
            assertThat(catalog.find(key)).isEmpty();
            assertThat(catalog.titleOf(key)).isEmpty();
            assertThat(catalog.list()).extracting(SessionRecord::key).doesNotContain(key);
            assertThat(catalog.delete(key)).isFalse();
        }
    }
}
