package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Failing writes at run time: the gateway's caller gets no exception, each kind of write is logged
 * once while it fails (not once per message) and again when it works, and the failures are counted.
 */
class ResilientStateStoreTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(ResilientStateStore.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        log.detachAppender(logs);
    }

    @Test
    void aDatabaseLockedByAnotherProcessFailsTheWriteQuietlyAndRecoversWhenReleased() throws Exception {
        Path db = dir.resolve("state.db");
        try (ResilientStateStore store = new ResilientStateStore(new SqliteStateStore(db, Clock.systemUTC()), 0, 0)) {
            store.put("telegram.offset", "default", "41");
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE"); // e.g. a backup tool or a second gateway on this dataDir
                store.put("telegram.offset", "default", "42"); // SQLITE_BUSY after the 5 s busy timeout

                assertThat(store.failing()).containsOnlyKeys("telegram.offset");
                assertThat(store.failing().get("telegram.offset").error()).containsIgnoringCase("locked");
                assertThat(store.failedWrites()).isEqualTo(1);
                assertThat(store.get("telegram.offset", "default")).contains("41"); // reads still work (WAL)
                st.execute("ROLLBACK");
            }
            store.put("telegram.offset", "default", "43");

            assertThat(store.failing()).isEmpty();
            assertThat(store.get("telegram.offset", "default")).contains("43");
            assertThat(messages()).hasSize(2);
            assertThat(messages().get(0)).contains("could not persist an entry of telegram.offset")
                    .contains("the gateway keeps answering");
            assertThat(messages().get(1)).contains("persists writes again (1 of telegram.offset failed since");
        }
    }

    @Test
    void aWriteThatSlipsThroughRightAfterAFailureIsNoRecoveryYet() throws Exception {
        Path db = dir.resolve("state.db");
        // the default quiet period: a full disk lets some writes through, which must not flap the state
        try (ResilientStateStore store = new ResilientStateStore(new SqliteStateStore(db, Clock.systemUTC()),
                ResilientStateStore.QUIET_MS, 0)) {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE");
                store.put("telegram.offset", "default", "1");
                st.execute("ROLLBACK");
            }
            store.put("telegram.offset", "default", "2"); // works, 0 s after the failure

            assertThat(store.get("telegram.offset", "default")).contains("2");
            assertThat(store.failing()).containsOnlyKeys("telegram.offset");
            assertThat(messages()).hasSize(1);
        }
    }

    @Test
    void rightAfterARefusedWriteTheNextOnesFailAtOnceInsteadOfEachWaitingTheBusyTimeout() throws Exception {
        Path db = dir.resolve("state.db");
        try (ResilientStateStore store = new ResilientStateStore(new SqliteStateStore(db, Clock.systemUTC()), 0, 60_000)) {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE");
                store.put("inbound.journal", "a", "1"); // waits the 5 s busy timeout, refused
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    store.put("inbound.journal", "b" + i, "1");
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                st.execute("ROLLBACK");

                assertThat(ms).isLessThan(1_000); // not 20 × 5 s
                assertThat(store.failedWrites()).isEqualTo(21);
                assertThat(store.failing().get("inbound.journal").error()).containsIgnoringCase("locked");
            }
            assertThat(store.list("inbound.journal")).isEmpty(); // not tried while the gate was shut
        }
    }

    @Test
    void eachKindOfFailingWriteIsLoggedOnceAndCountedEveryTime() {
        SqliteStateStore broken = new SqliteStateStore(dir.resolve("state.db"), Clock.systemUTC());
        broken.close(); // every statement now fails as a StateStoreException
        ResilientStateStore store = new ResilientStateStore(broken);

        for (int i = 0; i < 5; i++) {
            assertThat(store.putIfAbsent("inbound.dedupe", "telegram:" + i, "1")).isTrue(); // handled, not dropped
            store.recordTurn("agent:main:telegram:dm:" + i, 2, "fake");
        }
        assertThat(store.delete("inbound.journal", "x")).isFalse();

        assertThat(store.failedWrites()).isEqualTo(11);
        assertThat(store.failing()).containsOnlyKeys("inbound.dedupe", ResilientStateStore.SESSIONS, "inbound.journal");
        assertThat(store.failing().get("inbound.dedupe").failures()).isEqualTo(5);
        assertThat(messages()).hasSize(3);
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("the turn count of agent:main:telegram:dm:0"));
    }

    @Test
    void aProbeWriteFindsTheStoreWritableAgainWhenNoMessageWrites() throws Exception {
        Path db = dir.resolve("state.db");
        try (ResilientStateStore store = new ResilientStateStore(new SqliteStateStore(db, Clock.systemUTC()), 0, 0)) {
            store.probe(); // nothing failing: no write at all
            assertThat(store.list("store.probe")).isEmpty();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE");
                store.recordTurn("agent:main:telegram:dm:1", 2, "fake"); // fails: sessions
                st.execute("ROLLBACK");
            }
            assertThat(store.failing()).containsOnlyKeys(ResilientStateStore.SESSIONS);

            store.probe();

            assertThat(store.failing()).isEmpty();
            assertThat(store.list("store.probe")).hasSize(1);
        }
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
