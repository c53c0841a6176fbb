package io.pigateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * {@link StateStore} on one SQLite file, {@code <dataDir>/state.db}: WAL journal (readers never
 * wait for the writer, a crash loses at most the last commit), a busy timeout for the CLI opening
 * the same file, and a {@code schema_version} table so later versions can migrate. One connection,
 * guarded by this object's monitor: the gateway's state traffic is tiny, and SQLite serializes
 * writers anyway. Statements are prepared once and reused.
 */
public final class SqliteStateStore implements StateStore {

    public static final String FILE_NAME = "state.db";
    static final int BUSY_TIMEOUT_MS = 5_000;

    /** Migration i brings the schema from version i to i + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE sessions (
              key            TEXT PRIMARY KEY,
              channel        TEXT,
              session_file   TEXT,
              model          TEXT,
              created_at     INTEGER NOT NULL,
              last_activity  INTEGER NOT NULL,
              message_count  INTEGER NOT NULL DEFAULT 0,
              turn_count     INTEGER NOT NULL DEFAULT 0)""",
            """
            CREATE TABLE kv (
              namespace  TEXT NOT NULL,
              key        TEXT NOT NULL,
              value      TEXT NOT NULL,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (namespace, key)) WITHOUT ROWID"""));

    private static final String SESSION_COLUMNS =
            "key, channel, session_file, model, created_at, last_activity, message_count, turn_count";

    private final Connection connection;
    private final Clock clock;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean closed;

    /** Opens (creating if needed) {@code <dataDir>/state.db}. */
    public static SqliteStateStore open(Path dataDir) {
        SqliteNativeLibrary.useCopyIn(dataDir.resolve("native"));
        return new SqliteStateStore(dataDir.resolve(FILE_NAME), Clock.systemUTC());
    }

    public SqliteStateStore(Path dbFile, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Path parent = dbFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(dbFile) && dbFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // created 0600 before SQLite opens it: its -wal and -shm files copy the database's mode
                Files.createFile(dbFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            this.connection = config.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
            migrate();
        } catch (IOException | SQLException e) {
            throw new StateStoreException("Cannot open state database " + dbFile, e);
        }
    }

    /** The schema version of the open database. */
    public synchronized int schemaVersion() {
        return query(() -> {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.getInt(1);
            }
        });
    }

    @Override
    public synchronized Optional<SessionRecord> findSession(String key) {
        return query(() -> {
            PreparedStatement ps = prepared("SELECT " + SESSION_COLUMNS + " FROM sessions WHERE key = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public synchronized List<SessionRecord> listSessions() {
        return query(() -> {
            List<SessionRecord> sessions = new ArrayList<>();
            try (ResultSet rs = prepared("SELECT " + SESSION_COLUMNS + " FROM sessions ORDER BY last_activity DESC, key")
                    .executeQuery()) {
                while (rs.next()) {
                    sessions.add(session(rs));
                }
            }
            return sessions;
        });
    }

    @Override
    public synchronized int countSessions() {
        return query(() -> {
            try (ResultSet rs = prepared("SELECT COUNT(*) FROM sessions").executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public synchronized void saveSession(SessionRecord s) {
        Instant now = clock.instant();
        query(() -> {
            PreparedStatement ps = prepared("INSERT OR REPLACE INTO sessions (" + SESSION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, Objects.requireNonNull(s.key(), "session key"));
            ps.setString(2, s.channel());
            ps.setString(3, s.sessionFile());
            ps.setString(4, s.model());
            ps.setLong(5, (s.createdAt() != null ? s.createdAt() : now).toEpochMilli());
            ps.setLong(6, (s.lastActivity() != null ? s.lastActivity() : now).toEpochMilli());
            ps.setLong(7, s.messageCount());
            ps.setLong(8, s.turnCount());
            return ps.executeUpdate();
        });
    }

    @Override
    public synchronized void recordTurn(String key, int messagesAdded, String model) {
        query(() -> {
            PreparedStatement ps = prepared("UPDATE sessions SET message_count = message_count + ?,"
                    + " turn_count = turn_count + 1, last_activity = ?, model = COALESCE(?, model) WHERE key = ?");
            ps.setLong(1, messagesAdded);
            ps.setLong(2, clock.millis());
            if (model != null) {
                ps.setString(3, model);
            } else {
                ps.setNull(3, Types.VARCHAR);
            }
            ps.setString(4, key);
            return ps.executeUpdate();
        });
    }

    @Override
    public synchronized boolean deleteSession(String key) {
        return query(() -> {
            PreparedStatement ps = prepared("DELETE FROM sessions WHERE key = ?");
            ps.setString(1, key);
            return ps.executeUpdate();
        }) > 0;
    }

    @Override
    public synchronized Optional<String> get(String namespace, String key) {
        return query(() -> {
            PreparedStatement ps = prepared("SELECT value FROM kv WHERE namespace = ? AND key = ?");
            ps.setString(1, namespace);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public synchronized void put(String namespace, String key, String value) {
        writeKv("INSERT OR REPLACE INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)",
                namespace, key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(String namespace, String key, String value) {
        return writeKv("INSERT OR IGNORE INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)",
                namespace, key, value) > 0;
    }

    @Override
    public synchronized boolean delete(String namespace, String key) {
        return query(() -> {
            PreparedStatement ps = prepared("DELETE FROM kv WHERE namespace = ? AND key = ?");
            ps.setString(1, namespace);
            ps.setString(2, key);
            return ps.executeUpdate();
        }) > 0;
    }

    @Override
    public synchronized List<Map.Entry<String, String>> list(String namespace) {
        return query(() -> {
            PreparedStatement ps = prepared("SELECT key, value FROM kv WHERE namespace = ? ORDER BY key");
            ps.setString(1, namespace);
            List<Map.Entry<String, String>> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(Map.entry(rs.getString(1), rs.getString(2)));
                }
            }
            return entries;
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw new StateStoreException("Cannot close the state database", e);
        }
    }

    private int writeKv(String sql, String namespace, String key, String value) {
        Objects.requireNonNull(value, "value");
        return query(() -> {
            PreparedStatement ps = prepared(sql);
            ps.setString(1, Objects.requireNonNull(namespace, "namespace"));
            ps.setString(2, Objects.requireNonNull(key, "key"));
            ps.setString(3, value);
            ps.setLong(4, clock.millis());
            return ps.executeUpdate();
        });
    }

    private void migrate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int version = schemaVersion();
        if (version > MIGRATIONS.size()) {
            throw new StateStoreException("state.db has schema version " + version
                    + ", newer than this gateway understands (" + MIGRATIONS.size() + ")");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
                st.execute("DELETE FROM schema_version");
                st.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        if (closed) {
            throw new StateStoreException("state store is closed");
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static SessionRecord session(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7), rs.getLong(8));
    }

    private <T> T query(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            forgetStatements();
            throw new StateStoreException("State database query failed", e);
        }
    }

    /**
     * After a failed statement (e.g. SQLITE_FULL) the cached one answers "statement is not executing"
     * to every later call, so the store would never recover once space returns: prepare afresh.
     */
    private void forgetStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // it is dropped either way
            }
        }
        statements.clear();
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}
