package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.store.SessionRecord;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
            assertThat(started).as("the first turn after /new begins a new session").hasValue(2);
            assertThat(catalog.find(key).orElseThrow().sessionFile()).isEqualTo(resetFile);
        }
        try (SqliteStateStore store = SqliteStateStore.open(dir)) { // a restart reads the store again
            SessionCatalog catalog = new SessionCatalog(store, dir, hooks, null);
            assertThat(catalog.open(key, "api").sessionFile()).isEqualTo(resetFile);
            assertThat(started).hasValue(2);
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

    @Test
    void resetAndDeleteEndTheSessionAndTheNextTurnStartsOne() {
        HookRegistry hooks = new HookRegistry();
        List<String> fired = new CopyOnWriteArrayList<>();
        hooks.register(HookPoint.SESSION_START, c -> fired.add("start " + c.sessionKey() + " " + c.get("channel")));
        hooks.register(HookPoint.SESSION_END, c -> fired.add("end " + c.sessionKey() + " " + c.get("reason")));
        String key = "agent:main:telegram:dm:7";
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            SessionCatalog catalog = new SessionCatalog(store, dir, hooks, null);
            assertThat(catalog.reset(key)).as("nothing to end yet").isFalse();
            catalog.open(key, "telegram");
            catalog.reset(key);
            catalog.open(key, "telegram");
            catalog.open(key, "telegram");
            catalog.delete(key);
            catalog.delete(key);
        }
        assertThat(fired).containsExactly("start " + key + " telegram", "end " + key + " reset",
                "start " + key + " telegram", "end " + key + " deleted");
    }
}
