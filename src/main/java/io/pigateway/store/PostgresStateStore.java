package io.pigateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StateStore} on a PostgreSQL database that several gateway instances share
 * ({@code store.kind: postgres}). Same tables and semantics as {@link SqliteStateStore}; every
 * write is one statement, so it is atomic across instances (upserts with {@code ON CONFLICT},
 * {@code putIfAbsent} with {@code DO NOTHING}, {@code recordTurn} as one {@code UPDATE}). A HikariCP
 * pool of {@code store.postgres.poolSize} connections; statements are prepared per use (pgjdbc turns
 * repeated ones into server-side prepared statements per connection).
 */
public final class PostgresStateStore implements StateStore {

    /** Serializes instances that start together: the first migrates, the others find it done. */
    private static final String MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(7286504201)";
    /** Keys in byte order ({@code COLLATE "C"}), like SQLite's: listings sort the same on both stores. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE sessions (
              key            TEXT COLLATE "C" PRIMARY KEY,
              channel        TEXT,
              session_file   TEXT,
              model          TEXT,
              created_at     BIGINT NOT NULL,
              last_activity  BIGINT NOT NULL,
              message_count  BIGINT NOT NULL DEFAULT 0,
              turn_count     BIGINT NOT NULL DEFAULT 0)""",
            """
            CREATE TABLE kv (
              namespace  TEXT COLLATE "C" NOT NULL,
              key        TEXT COLLATE "C" NOT NULL,
              value      TEXT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (namespace, key))"""));

    private static final String SAVE_SESSION = "INSERT INTO sessions (" + StateSql.SESSION_COLUMNS + ") VALUES "
            + StateSql.SESSION_VALUES + " ON CONFLICT (key) DO UPDATE SET channel = EXCLUDED.channel,"
            + " session_file = EXCLUDED.session_file, model = EXCLUDED.model, created_at = EXCLUDED.created_at,"
            + " last_activity = EXCLUDED.last_activity, message_count = EXCLUDED.message_count,"
            + " turn_count = EXCLUDED.turn_count";
    private static final String PUT = "INSERT " + StateSql.KV_INSERT
            + " ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at";
    private static final String PUT_IF_ABSENT = "INSERT " + StateSql.KV_INSERT + " ON CONFLICT DO NOTHING";

    private final HikariDataSource pool;
    private final Clock clock;

    /**
     * Connects (one probe first, so an unreachable database or a wrong password is one sentence
     * naming {@code store.postgres.url}), then migrates the schema.
     */
    public static PostgresStateStore open(PostgresTarget target) {
        target.probe();
        return new PostgresStateStore(target, Clock.systemUTC());
    }

    PostgresStateStore(PostgresTarget target, Clock clock) {
        this.clock = clock;
        HikariConfig config = new HikariConfig();
        config.setPoolName("pi-gateway-store");
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(target.poolSize());
        config.setMinimumIdle(Math.min(2, target.poolSize()));
        config.setConnectionTimeout(PostgresTarget.CONNECT_TIMEOUT_SECONDS * 1000L);
        config.addDataSourceProperty("connectTimeout", String.valueOf(PostgresTarget.CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "pi-gateway");
        this.pool = newPool(config, target);
        try (Connection c = pool.getConnection()) {
            new SchemaMigrations("the PostgreSQL store", MIGRATIONS, MIGRATION_LOCK).apply(c);
        } catch (SQLException e) {
            pool.close();
            throw target.schemaFailed(e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The pool, connected once: the database can go away between the probe and here. */
    private static HikariDataSource newPool(HikariConfig config, PostgresTarget target) {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw e.getCause() instanceof SQLException sql ? target.unreachable(sql)
                    : new StateStoreException("Cannot open the PostgreSQL store at store.postgres.url ("
                    + target.displayUrl() + "): " + e.getMessage(), e);
        }
    }

    /** The schema version of the database. */
    public int schemaVersion() {
        return withConnection(SchemaMigrations::version);
    }

    @Override
    public Optional<SessionRecord> findSession(String key) {
        return read(StateSql.FIND_SESSION, ps -> ps.setString(1, key),
                rs -> rs.next() ? Optional.of(StateSql.session(rs)) : Optional.empty());
    }

    @Override
    public List<SessionRecord> listSessions() {
        return read(StateSql.LIST_SESSIONS, ps -> { }, StateSql::sessions);
    }

    @Override
    public int countSessions() {
        return read(StateSql.COUNT_SESSIONS, ps -> { }, rs -> rs.next() ? rs.getInt(1) : 0);
    }

    @Override
    public void saveSession(SessionRecord session) {
        write(SAVE_SESSION, ps -> StateSql.bindSession(ps, session, clock.instant()));
    }

    @Override
    public void recordTurn(String key, int messagesAdded, String model) {
        write(StateSql.RECORD_TURN, ps -> StateSql.bindRecordTurn(ps, key, messagesAdded, model, clock.millis()));
    }

    @Override
    public boolean deleteSession(String key) {
        return write(StateSql.DELETE_SESSION, ps -> ps.setString(1, key)) > 0;
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return read(StateSql.GET, ps -> StateSql.bindKey(ps, namespace, key),
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    @Override
    public void put(String namespace, String key, String value) {
        write(PUT, ps -> StateSql.bindKv(ps, namespace, key, value, clock.millis()));
    }

    @Override
    public boolean putIfAbsent(String namespace, String key, String value) {
        return write(PUT_IF_ABSENT, ps -> StateSql.bindKv(ps, namespace, key, value, clock.millis())) > 0;
    }

    @Override
    public boolean delete(String namespace, String key) {
        return write(StateSql.DELETE, ps -> StateSql.bindKey(ps, namespace, key)) > 0;
    }

    @Override
    public List<Map.Entry<String, String>> list(String namespace) {
        return read(StateSql.LIST, ps -> ps.setString(1, namespace), StateSql::entries);
    }

    @Override
    public void close() {
        pool.close();
    }

    private int write(String sql, Binder binder) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private <T> T read(String sql, Binder binder, RowReader<T> reader) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            }
        });
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        if (pool.isClosed()) {
            throw new StateStoreException("state store is closed");
        }
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StateStoreException("State database query failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }
}
