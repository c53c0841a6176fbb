package io.pigateway.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each session transcript is right now. In the sandbox a transcript sits in the slot of the
 * process serving its session while that process has it ({@link SessionSlots}), and at home
 * otherwise. Moves and reader opens take one lock, so a reader (history for the API and WebChat)
 * never looks in the wrong place; an opened file stays readable when it is renamed afterwards.
 *
 * <p>Process-wide, not per pool: role pools share the transcripts, and a transcript is in at most
 * one slot at a time.
 */
final class Transcripts {
    /** home → the slot file it is lent to. */
    private static final Map<Path, Path> LENT = new HashMap<>();

    private Transcripts() {
    }

    /** Moves {@code home} (if it exists yet) to {@code slotFile} and records where it is. */
    static synchronized void lend(Path home, Path slotFile) throws IOException {
        Path key = key(home);
        Path holder = LENT.get(key);
        if (holder != null && !holder.equals(slotFile)) {
            throw new IOException("the transcript " + home + " is in use by another agent process (" + holder + ")");
        }
        move(key, slotFile);
        LENT.put(key, slotFile);
    }

    /** Moves the transcript back home from {@code slotFile} (if pi wrote one) and forgets the loan. */
    static synchronized void giveBack(Path home, Path slotFile) throws IOException {
        move(slotFile, key(home)); // on failure the loan stays recorded: readers still find the file
        LENT.remove(key(home), slotFile);
    }

    /** Opens the session's transcript wherever it is now. */
    static synchronized InputStream open(Path home) throws IOException {
        Path key = key(home);
        return Files.newInputStream(LENT.getOrDefault(key, key));
    }

    /** The transcript's length now, wherever it is; -1 if pi has not written it yet. */
    static synchronized long length(Path home) throws IOException {
        Path at = LENT.getOrDefault(key(home), key(home));
        return Files.exists(at) ? Files.size(at) : -1;
    }

    /**
     * Cuts the transcript back to {@code length} (from {@link #length}), wherever it is: pi appends
     * whole JSON lines, so what a run added is exactly what lies past the length taken before it.
     * -1 removes the file (the session had not started). The process that wrote the cut entries
     * must switch_session before it serves the session again: its copy in memory still has them.
     */
    static synchronized void truncate(Path home, long length) throws IOException {
        Path at = LENT.getOrDefault(key(home), key(home));
        if (length < 0) {
            Files.deleteIfExists(at);
            return;
        }
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(at,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(length);
        }
    }

    /**
     * Length and modification time of the transcript: what a process saw when it last served the
     * session. A different stamp later means another process (of another pool: a fallback model,
     * a role) or a rewind changed it, so the copy in that process's memory is stale.
     */
    static synchronized String stamp(Path home) {
        Path at = LENT.getOrDefault(key(home), key(home));
        try { // one stat per turn, not three
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(at,
                    java.nio.file.attribute.BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (java.nio.file.NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /**
     * A rename (atomic, replacing: the source is always the newer copy); a plain move when the two
     * are on different filesystems (a home outside {@code dataDir}, e.g. doctor's scratch session).
     * Nothing to move (pi writes a new transcript only after the first answer) is not an error.
     */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (Files.exists(from)) {
                throw e; // the target's folder is missing, not the file
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path key(Path home) {
        return home.toAbsolutePath().normalize();
    }
}
