package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator reads when the state cannot be opened at start: the path and what to do. */
class StoreOpenFailureTest {
    @TempDir
    Path dir;

    @Test
    void aCorruptDatabaseIsNamedWithHowToMoveItAside() throws Exception {
        Files.write(dir.resolve("state.db"), "this is not a database, it is a shopping list".repeat(100).getBytes());

        String sentence = StoreOpenFailure.explain(dir, catchThrowable(() -> SqliteStateStore.open(dir)));

        assertThat(sentence).contains(dir.resolve("state.db").toAbsolutePath().toString())
                .contains("corrupt or not a SQLite file").contains("move it aside");
    }

    @Test
    void aDatabaseLockedByAnotherProcessSaysWhichAndWhatToDo() throws Exception {
        SqliteStateStore.open(dir).close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
             Statement st = other.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            st.execute("BEGIN EXCLUSIVE");
            st.execute("CREATE TABLE held (x)"); // holds the write lock (and, in exclusive mode, the file)

            String sentence = StoreOpenFailure.explain(dir, catchThrowable(() -> SqliteStateStore.open(dir)));

            assertThat(sentence).contains("is locked by another process").contains("gateway.dataDir");
            st.execute("ROLLBACK");
        }
    }

    @Test
    void aDataDirThatCannotBeCreatedIsNamedWithTheFix() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path dataDir = file.resolve("data"); // below a regular file: cannot be created, even by root

        String sentence = StoreOpenFailure.explain(dataDir, catchThrowable(() -> SqliteStateStore.open(dataDir)));

        assertThat(sentence).startsWith("The data dir " + dataDir.toAbsolutePath() + " is not writable")
                .contains("set gateway.dataDir");
    }
}
