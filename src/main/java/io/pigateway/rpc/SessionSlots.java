package io.pigateway.rpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One private folder ("slot") per pi process of a pool, so a sandboxed agent sees only the
 * transcript of the session it serves: the sandbox binds the process's own slot (named in its
 * environment, {@value #ENV_SLOT_DIR}) and never the sessions folder. Before a process serves a
 * session the transcript is renamed into its slot ({@link #lend}); when the process is given back
 * (turn over, failed, aborted, timed out) it is renamed home ({@link #giveBack}); when the process
 * is gone its slot is emptied and removed ({@link #retire}); at pool start whatever a crashed
 * gateway left in the pool's slots goes home ({@link #recover}).
 *
 * <p>pi keeps following a moved file: it appends each entry by path ({@code appendFileSync}),
 * holds no descriptor, and writes only while it runs a command; the file keeps its header (session
 * id, cwd). Verified with the real pi 0.73.1: a transcript moved out and back, or on to another
 * process's slot and {@code switch_session}ed there, continued with the whole history.
 * A rename costs about 5 µs here; no extra round trip to pi.
 */
public final class SessionSlots {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSlots.class);
    /** The environment variable naming a process's slot (for the sandbox's bind at spawn). */
    public static final String ENV_SLOT_DIR = "PI_GATEWAY_SESSION_SLOT";

    /** {@code <slotsRoot>/<pool>}, or null: transcripts are used where they are. */
    private final Path poolRoot;
    /** Where files found in a slot after a gateway crash go (their home is no longer known). */
    private final Path orphanHome;
    /** process serial → the home of the transcript in its slot. */
    private final Map<Long, Path> lent = new HashMap<>();

    private SessionSlots(Path poolRoot, Path orphanHome) {
        this.poolRoot = poolRoot;
        this.orphanHome = orphanHome;
    }

    /** No slots: every process uses transcripts in place (no sandbox, or a sandbox that shows all). */
    static SessionSlots none() {
        return new SessionSlots(null, null);
    }

    /**
     * Slots under {@code slotsRoot/<pool>}. {@code slotsRoot} must be on the transcripts' filesystem
     * (renames); its parent is where transcripts found after a crash go home.
     */
    static SessionSlots under(Path slotsRoot, String pool) {
        try {
            Path root = slotsRoot.toAbsolutePath().normalize();
            Files.createDirectories(root);
            root = root.toRealPath(); // the sandbox binds real paths: pi must be given the same path
            Path poolRoot = root.resolve(pool.replaceAll("[^A-Za-z0-9_.-]", "_"));
            privateDir(poolRoot);
            return new SessionSlots(poolRoot, root.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the transcript slots under " + slotsRoot, e);
        }
    }

    boolean enabled() {
        return poolRoot != null;
    }

    /** Creates the slot of process {@code serial}; the environment that names it to the sandbox. */
    Map<String, String> envFor(long serial) {
        if (!enabled()) {
            return Map.of();
        }
        Path slot = slot(serial);
        try {
            privateDir(slot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the transcript slot " + slot, e);
        }
        return Map.of(ENV_SLOT_DIR, slot.toString());
    }

    /**
     * Puts the transcript {@code home} into the slot of process {@code serial}, giving back any
     * other it still holds; returns the path pi must use for it.
     */
    synchronized Path lend(long serial, Path home) throws IOException {
        if (!enabled()) {
            return home;
        }
        Path held = lent.get(serial);
        if (held != null && !held.equals(home)) {
            giveBack(serial);
        }
        Path slotFile = slot(serial).resolve(home.getFileName());
        Transcripts.lend(home, slotFile);
        lent.put(serial, home);
        return slotFile;
    }

    /** Moves the transcript in process {@code serial}'s slot back home; no-op if it holds none. */
    synchronized void giveBack(long serial) throws IOException {
        Path home = lent.get(serial);
        if (home == null) {
            return;
        }
        Transcripts.giveBack(home, slot(serial).resolve(home.getFileName()));
        lent.remove(serial);
    }

    /** Process {@code serial} is gone: its transcript goes home and its slot is removed. */
    synchronized void retire(long serial) {
        if (!enabled()) {
            return;
        }
        try {
            giveBack(serial);
            empty(slot(serial));
        } catch (IOException e) {
            LOG.error("cannot move transcripts out of {} (they stay there until the next start): {}",
                    slot(serial), e.toString());
        }
    }

    /**
     * Moves home whatever a previous run left in this pool's slots (the gateway was killed while
     * a turn ran) and removes the slots. Call before the first process starts.
     */
    synchronized void recover() {
        if (!enabled()) {
            return;
        }
        try (DirectoryStream<Path> slots = Files.newDirectoryStream(poolRoot)) {
            for (Path slot : slots) {
                empty(slot);
            }
        } catch (IOException e) {
            LOG.error("cannot recover transcripts left in {}: {}", poolRoot, e.toString());
        }
    }

    /** Moves each file of a slot nobody lends to any more to the sessions folder, then removes it. */
    private void empty(Path slot) throws IOException {
        if (!Files.isDirectory(slot)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(slot)) {
            for (Path f : files) {
                Path home = orphanHome.resolve(f.getFileName());
                LOG.warn("moving the transcript {} left in {} back to {}", f.getFileName(), slot, home);
                Transcripts.move(f, home);
            }
        }
        Files.delete(slot);
    }

    private Path slot(long serial) {
        return poolRoot.resolve(Long.toString(serial));
    }

    private static void privateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }
}
