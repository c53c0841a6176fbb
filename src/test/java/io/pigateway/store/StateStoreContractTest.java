package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, run against each implementation (SQLite, PostgreSQL):
 * a subclass says how to open (and reopen) its store.
 */
abstract class StateStoreContractTest {

    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    StateStore store;

    /** Opens the subclass's store: the same database on every call of one test. */
    abstract StateStore open(Clock clock);

    abstract int schemaVersion(StateStore store);

    /** Runs SQL on the store's database behind the store's back. */
    abstract void rawSql(String sql) throws Exception;

    @BeforeEach
    void openStore() {
        store = open(Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static SessionRecord session(String key, Instant lastActivity) {
        return new SessionRecord(key, "telegram", "/data/sessions/" + key + ".jsonl", "fake-echo", T0, lastActivity, 2,
                1);
    }

    @Test
    void aNewDatabaseGetsTheLatestSchema() {
        assertThat(schemaVersion(store)).isEqualTo(1);
    }

    @Test
    void sessionsCanBeSavedFoundListedAndDeleted() {
        store.saveSession(session("agent:main:telegram:dm:1", T0));
        store.saveSession(session("agent:main:telegram:dm:2", T0.plusSeconds(60)));

        assertThat(store.findSession("agent:main:telegram:dm:1")).contains(session("agent:main:telegram:dm:1", T0));
        assertThat(store.findSession("agent:main:telegram:dm:9")).isEmpty();
        assertThat(store.listSessions()).extracting(SessionRecord::key)
                .containsExactly("agent:main:telegram:dm:2", "agent:main:telegram:dm:1"); // most recent first

        store.saveSession(new SessionRecord("agent:main:telegram:dm:1", "telegram", "/other.jsonl", null, T0, T0, 0, 0));
        assertThat(store.findSession("agent:main:telegram:dm:1")).get()
                .extracting(SessionRecord::sessionFile).isEqualTo("/other.jsonl");

        assertThat(store.deleteSession("agent:main:telegram:dm:1")).isTrue();
        assertThat(store.deleteSession("agent:main:telegram:dm:1")).isFalse();
        assertThat(store.listSessions()).hasSize(1);
        assertThat(store.countSessions()).isEqualTo(1);
    }

    @Test
    void recordTurnBumpsCountsAndActivityButCreatesNothing() {
        Instant later = T0.plusSeconds(3600);
        store.close();
        store = open(Clock.fixed(later, ZoneOffset.UTC));
        store.saveSession(session("agent:main:api:dm:1", T0));

        store.recordTurn("agent:main:api:dm:1", 3, "claude-sonnet-4");
        store.recordTurn("agent:main:api:dm:1", 2, null);
        store.recordTurn("agent:main:api:dm:unknown", 2, "m");

        SessionRecord updated = store.findSession("agent:main:api:dm:1").orElseThrow();
        assertThat(updated.messageCount()).isEqualTo(2 + 3 + 2);
        assertThat(updated.turnCount()).isEqualTo(1 + 2);
        assertThat(updated.model()).isEqualTo("claude-sonnet-4");
        assertThat(updated.lastActivity()).isEqualTo(later);
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(store.findSession("agent:main:api:dm:unknown")).isEmpty();
    }

    @Test
    void keyValuesAreNamespaced() {
        store.put("telegram.offset", "default", "100");
        store.put("telegram.offset", "default", "101");
        store.put("pairing", "b", "2");
        store.put("pairing", "a", "1");

        assertThat(store.get("telegram.offset", "default")).contains("101");
        assertThat(store.get("pairing", "default")).isEmpty();
        assertThat(store.list("pairing")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(store.delete("pairing", "a")).isTrue();
        assertThat(store.delete("pairing", "a")).isFalse();
        assertThat(store.list("pairing")).containsExactly(Map.entry("b", "2"));
        assertThat(store.list("nothing")).isEmpty();
    }

    @Test
    void putIfAbsentInsertsOnlyOnceEvenUnderConcurrency() throws Exception {
        assertThat(store.putIfAbsent("dedup", "msg-1", "first")).isTrue();
        assertThat(store.putIfAbsent("dedup", "msg-1", "second")).isFalse();
        assertThat(store.get("dedup", "msg-1")).contains("first");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> attempt = () -> store.putIfAbsent("dedup", "msg-2", Thread.currentThread().getName());
            long inserted = pool.invokeAll(IntStream.range(0, 40).mapToObj(i -> attempt).toList()).stream()
                    .map(StateStoreContractTest::result).filter(Boolean::booleanValue).count();
            assertThat(inserted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everythingSurvivesAReopen() {
        store.saveSession(session("agent:main:telegram:group:-100", T0));
        store.put("cron", "job-1", "{\"next\":1}");
        store.close();

        store = open(Clock.systemUTC());

        assertThat(schemaVersion(store)).isEqualTo(1);
        assertThat(store.findSession("agent:main:telegram:group:-100")).contains(session("agent:main:telegram:group:-100", T0));
        assertThat(store.get("cron", "job-1")).contains("{\"next\":1}");
    }

    @Test
    void aDatabaseOfANewerGatewayIsRefusedNotMisread() throws Exception {
        store.close();
        rawSql("UPDATE schema_version SET version = 99");

        assertThatThrownBy(() -> open(Clock.systemUTC())).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("schema version 99, newer than this gateway understands (1)");
        rawSql("UPDATE schema_version SET version = 1");
        store = open(Clock.systemUTC());
    }

    @Test
    void twoStoresOnOneDatabaseCountEveryTurnAndAgreeOnOneFirstWriter() throws Exception {
        store.saveSession(session("agent:main:api:dm:shared", T0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StateStore other = open(Clock.systemUTC())) {
            List<Callable<Boolean>> work = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                StateStore s = i % 2 == 0 ? store : other;
                work.add(() -> {
                    s.recordTurn("agent:main:api:dm:shared", 2, null);
                    return s.putIfAbsent("dedup", "update-7", "by " + (s == store ? "first" : "second"));
                });
            }
            long inserted = pool.invokeAll(work).stream().map(StateStoreContractTest::result)
                    .filter(Boolean::booleanValue).count();

            assertThat(inserted).isEqualTo(1);
            SessionRecord counted = other.findSession("agent:main:api:dm:shared").orElseThrow();
            assertThat(counted.turnCount()).isEqualTo(1 + 40);
            assertThat(counted.messageCount()).isEqualTo(2 + 80);
            assertThat(store.get("dedup", "update-7")).isEqualTo(other.get("dedup", "update-7")).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedStoreFailsLoudly() {
        store.close();
        store.close(); // idempotent

        assertThatThrownBy(() -> store.get("a", "b")).isInstanceOf(StateStoreException.class);
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
