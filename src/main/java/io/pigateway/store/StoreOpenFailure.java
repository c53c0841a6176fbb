package io.pigateway.store;

import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Why the state store could not be opened at start, as one sentence naming the path and the fix
 * (instead of a stack trace): a corrupt file, a database another process holds, a data dir the
 * gateway cannot write, a full disk.
 */
public final class StoreOpenFailure {
    private StoreOpenFailure() {
    }

    /** The sentence for {@code error}, thrown while opening the state of {@code dataDir}. */
    public static String explain(Path dataDir, Throwable error) {
        Path db = dataDir.resolve(SqliteStateStore.FILE_NAME).toAbsolutePath();
        SQLiteErrorCode code = sqliteCode(error);
        if (code != null) {
            switch (code) {
                case SQLITE_NOTADB, SQLITE_CORRUPT:
                    return "The state database " + db + " is corrupt or not a SQLite file. Stop the gateway, move it"
                            + " aside (e.g. to state.db.broken; the gateway creates a fresh one, losing sessions,"
                            + " pairings and update offsets) or restore it from a backup, then start again.";
                case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY:
                    return "The state database " + db + " is locked by another process (another gateway on the same"
                            + " gateway.dataDir, or a tool holding it open). Stop that process, or give this gateway"
                            + " its own gateway.dataDir.";
                case SQLITE_FULL:
                    return "The disk holding " + db + " is full. Free some space, then start again.";
                case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_READONLY_DIRECTORY, SQLITE_READONLY_CANTLOCK:
                    return unwritable(dataDir, error);
                default:
                    break;
            }
        }
        if (cause(error, java.io.IOException.class) != null) {
            return unwritable(dataDir, error);
        }
        return "The state database " + db + " could not be opened: " + rootMessage(error);
    }

    private static String unwritable(Path dataDir, Throwable error) {
        return "The data dir " + dataDir.toAbsolutePath() + " is not writable for this user (" + rootMessage(error)
                + "). Make it writable (and check the disk is not full or mounted read-only), or set gateway.dataDir"
                + " to a directory this user owns.";
    }

    private static SQLiteErrorCode sqliteCode(Throwable error) {
        SQLiteException e = cause(error, SQLiteException.class);
        return e != null ? e.getResultCode() : null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost cause's message (SQLite's own words, e.g. {@code database is locked}). */
    static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
