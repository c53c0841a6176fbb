package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite, plus what only the file store has (WAL mode). */
class SqliteStateStoreTest extends StateStoreContractTest {

    @TempDir
    Path dataDir;

    @Override
    StateStore open(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return SqliteStateStore.open(dataDir);
        }
        return new SqliteStateStore(dataDir.resolve(SqliteStateStore.FILE_NAME), clock);
    }

    @Override
    int schemaVersion(StateStore store) {
        return ((SqliteStateStore) store).schemaVersion();
    }

    @Override
    void rawSql(String sql) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStateStore.FILE_NAME));
             Statement st = raw.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void createsTheSchemaInWalMode() throws Exception {
        assertThat(dataDir.resolve("state.db")).exists();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("state.db"));
             Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }
}
