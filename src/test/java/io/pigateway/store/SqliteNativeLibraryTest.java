package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {

    @Test
    void theLibraryIsExtractedOnceAsAnExactCopyAndReusedAfterwards(@TempDir Path dir) throws Exception {
        Path library = SqliteNativeLibrary.extract(dir);
        assertThat(library).isNotNull().isRegularFile();
        assertThat(library.getParent().getFileName().toString()).isEqualTo("sqlite-" + SQLiteJDBCLoader.getVersion());
        try (InputStream jar = SQLiteJDBCLoader.class.getResourceAsStream(
                SqliteNativeLibrary.resource(LibraryLoaderUtil.getNativeLibName()))) {
            assertThat(Files.readAllBytes(library)).isEqualTo(jar.readAllBytes());
        }
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(library, written);

        assertThat(SqliteNativeLibrary.extract(dir)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(written); // not written again
        try (var left = Files.list(library.getParent())) {
            assertThat(left).containsExactly(library); // no partial copies left behind
        }
    }

    @Test
    void aStoreOpensOnTheKeptCopy(@TempDir Path dataDir) {
        try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
            assertThat(store.schemaVersion()).isPositive();
        }
        assertThat(System.getProperty("org.sqlite.lib.path")).isNotNull();
    }
}
