package io.pigateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's state is its user's alone: {@code dataDir} and {@code sessions/} 0700, the state
 * store and token files 0600 (transcripts and the store hold what users typed, sometimes secrets).
 * A wider mode found at start is narrowed (and logged). No-ops where POSIX modes do not exist.
 */
public final class FileModes {
    private static final Logger LOG = LoggerFactory.getLogger(FileModes.class);
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FileModes() {
    }

    /** Creates {@code dir} if needed and makes it 0700. */
    public static Path privateDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        narrow(dir, DIR);
        return dir;
    }

    /** Makes an existing file 0600 (nothing when it does not exist). */
    public static void privateFile(Path file) {
        if (Files.isRegularFile(file)) {
            narrow(file, FILE);
        }
    }

    /** A sentence naming the path and the fix when {@code path} is readable by others, else empty. */
    public static Optional<String> tooOpen(Path path) {
        if (!POSIX || !Files.exists(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            boolean open = mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            return open ? Optional.of(path + " is " + PosixFilePermissions.toString(mode) + " (others can read it); run: chmod "
                    + (Files.isDirectory(path) ? "700 " : "600 ") + path) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void narrow(Path path, Set<PosixFilePermission> wanted) {
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
            if (!now.equals(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
                if (now.stream().anyMatch(p -> !wanted.contains(p))) {
                    LOG.info("{} was {}; narrowed to {} (the gateway's state is private to its user)", path,
                            PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot set the mode of {}: {}", path, e.getMessage());
        }
    }
}
