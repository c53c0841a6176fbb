package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database at an older version gets exactly the steps it misses, all or none. */
class SchemaMigrationsTest {
    private static final List<String> V1 = List.of("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    private static final List<String> V2 = List.of("ALTER TABLE notes ADD COLUMN author TEXT",
            "UPDATE notes SET author = 'unknown'");

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
    }

    @Test
    void anOlderDatabaseGetsTheMissingStepsAndKeepsItsRows() throws Exception {
        try (Connection c = open()) {
            assertThat(new SchemaMigrations("m.db", List.of(V1), null).apply(c)).isZero();
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO notes (id, text) VALUES (1, 'kept')");
            }
        }
        try (Connection c = open()) {
            SchemaMigrations two = new SchemaMigrations("m.db", List.of(V1, V2), null);

            assertThat(two.apply(c)).as("the version it had").isEqualTo(1);
            assertThat(SchemaMigrations.version(c)).isEqualTo(2);
            assertThat(two.apply(c)).as("nothing left to do").isEqualTo(2);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT text, author FROM notes")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
                assertThat(rs.getString(2)).isEqualTo("unknown");
            }
        }
    }

    @Test
    void aFailingStepLeavesTheDatabaseAsItWas() throws Exception {
        try (Connection c = open()) {
            new SchemaMigrations("m.db", List.of(V1), null).apply(c);
            List<String> broken = List.of("ALTER TABLE notes ADD COLUMN author TEXT", "THIS IS NOT SQL");

            assertThatThrownBy(() -> new SchemaMigrations("m.db", List.of(V1, broken), null).apply(c))
                    .isInstanceOf(SQLException.class);

            assertThat(SchemaMigrations.version(c)).isEqualTo(1);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(notes)")) {
                int columns = 0;
                while (rs.next()) {
                    columns++;
                }
                assertThat(columns).as("the added column was rolled back").isEqualTo(2);
            }
            assertThat(c.getAutoCommit()).isTrue();
        }
    }
}
