package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.store.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModesTest {
    @TempDir
    Path dir;

    @Test
    void aWideDataDirIsNarrowedAndReportedUntilThen() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(FileModes.tooOpen(data)).hasValueSatisfying(s -> assertThat(s).contains("chmod 700 " + data));

        FileModes.privateDir(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(FileModes.tooOpen(data)).isEmpty();
    }

    @Test
    void theStateStoreAndItsJournalAreCreatedPrivate() throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            store.put("t", "k", "v"); // writes the WAL
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.db"))))
                    .isEqualTo("rw-------");
            Path wal = dir.resolve("state.db-wal");
            if (Files.exists(wal)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
            }
        }
    }
}
