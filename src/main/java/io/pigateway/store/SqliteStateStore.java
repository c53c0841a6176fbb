package io.pigateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * {@link StateStore} on one SQLite file, {@code <dataDir>/state.db}: WAL journal (readers never
 * wait for the writer, a crash loses at most the last commit), a busy timeout for the CLI opening
 * the same file, and a {@code schema_version} table ({@link SchemaMigrations}). One connection,
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
            new SchemaMigrations(FILE_NAME, MIGRATIONS, null).apply(connection);
        } catch (IOException | SQLException e) {
            throw new StateStoreException("Cannot open state database " + dbFile, e);
        }
    }

    /** The schema version of the open database. */
    public synchronized int schemaVersion() {
        return query(() -> SchemaMigrations.version(connection));
    }

    @Override
    public synchronized Optional<SessionRecord> findSession(String key) {
        return query(() -> {
            PreparedStatement ps = prepared(StateSql.FIND_SESSION);
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StateSql.session(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public synchronized List<SessionRecord> listSessions() {
        return query(() -> {
            try (ResultSet rs = prepared(StateSql.LIST_SESSIONS).executeQuery()) {
                return StateSql.sessions(rs);
            }
        });
    }

    @Override
    public synchronized int countSessions() {
        return query(() -> {
            try (ResultSet rs = prepared(StateSql.COUNT_SESSIONS).executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public synchronized void saveSession(SessionRecord s) {
        query(() -> {
            PreparedStatement ps = prepared("INSERT OR REPLACE INTO sessions (" + StateSql.SESSION_COLUMNS
                    + ") VALUES " + StateSql.SESSION_VALUES);
            StateSql.bindSession(ps, s, clock.instant());
            return ps.executeUpdate();
        });
    }

    @Override
    public synchronized void recordTurn(String key, int messagesAdded, String model) {
        query(() -> {
            PreparedStatement ps = prepared(StateSql.RECORD_TURN);
            StateSql.bindRecordTurn(ps, key, messagesAdded, model, clock.millis());
            return ps.executeUpdate();
        });
    }

    @Override
    public synchronized boolean deleteSession(String key) {
        return query(() -> {
            PreparedStatement ps = prepared(StateSql.DELETE_SESSION);
            ps.setString(1, key);
            return ps.executeUpdate();
        }) > 0;
    }

    @Override
    public synchronized Optional<String> get(String namespace, String key) {
        return query(() -> {
            PreparedStatement ps = prepared(StateSql.GET);
            StateSql.bindKey(ps, namespace, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public synchronized void put(String namespace, String key, String value) {
        writeKv("INSERT OR REPLACE " + StateSql.KV_INSERT, namespace, key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(String namespace, String key, String value) {
        return writeKv("INSERT OR IGNORE " + StateSql.KV_INSERT, namespace, key, value) > 0;
    }

    @Override
    public synchronized boolean delete(String namespace, String key) {
        return query(() -> {
            PreparedStatement ps = prepared(StateSql.DELETE);
            StateSql.bindKey(ps, namespace, key);
            return ps.executeUpdate();
        }) > 0;
    }

    @Override
    public synchronized List<Map.Entry<String, String>> list(String namespace) {
        return query(() -> {
            PreparedStatement ps = prepared(StateSql.LIST);
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                return StateSql.entries(rs);
            }
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
        return query(() -> {
            PreparedStatement ps = prepared(sql);
            StateSql.bindKv(ps, namespace, key, value, clock.millis());
            return ps.executeUpdate();
        });
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
