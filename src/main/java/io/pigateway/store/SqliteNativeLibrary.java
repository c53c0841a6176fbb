package io.pigateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One extracted copy of sqlite-jdbc's native library per driver version, kept in a folder of ours.
 * Left alone, the driver writes the library to a new file in {@code /tmp} on every start and
 * compares it byte by byte with the jar's copy: tens of milliseconds of a cold start, and one more
 * 1 MB file in {@code /tmp} per start. A copy is written to a temporary name and renamed into place,
 * so a half-written library is never loaded. Anything unexpected leaves the driver's own way on.
 */
final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    /** Points the driver at {@code <dir>/sqlite-<version>/<library>}, extracting it once. */
    static synchronized void useCopyIn(Path dir) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return; // chosen already: by the operator (-Dorg.sqlite.lib.path) or by an earlier store
        }
        try {
            Path library = extract(dir);
            if (library != null) {
                System.setProperty(PATH_PROPERTY, library.getParent().toString());
                System.setProperty(NAME_PROPERTY, library.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("sqlite's native library stays with the driver's own extraction: {}", e.toString());
        }
    }

    /** The library's copy under {@code dir} (written when missing); null when the jar has none for this platform. */
    static Path extract(Path dir) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource(name))) {
            if (in == null) {
                return null;
            }
            Path folder = Files.createDirectories(dir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion()));
            Path library = folder.resolve(name);
            if (!Files.isRegularFile(library)) {
                Path partial = Files.createTempFile(folder, name, ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return library;
        }
    }

    static String resource(String name) {
        return LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
    }
}
