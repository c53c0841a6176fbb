package io.pigateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL both state stores share (tables {@code sessions} and {@code kv}, same columns in both
 * dialects) and how their parameters and rows map to {@link SessionRecord}s and entries. The
 * dialects differ only in their upserts, which each store writes itself.
 */
final class StateSql {
    static final String SESSION_COLUMNS =
            "key, channel, session_file, model, created_at, last_activity, message_count, turn_count";
    static final String SESSION_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?)";
    static final String FIND_SESSION = "SELECT " + SESSION_COLUMNS + " FROM sessions WHERE key = ?";
    static final String LIST_SESSIONS = "SELECT " + SESSION_COLUMNS + " FROM sessions ORDER BY last_activity DESC, key";
    static final String COUNT_SESSIONS = "SELECT COUNT(*) FROM sessions";
    /** One statement, so two instances recording turns of one session never lose a count. */
    static final String RECORD_TURN = "UPDATE sessions SET message_count = message_count + ?,"
            + " turn_count = turn_count + 1, last_activity = ?, model = COALESCE(?, model) WHERE key = ?";
    static final String DELETE_SESSION = "DELETE FROM sessions WHERE key = ?";
    static final String GET = "SELECT value FROM kv WHERE namespace = ? AND key = ?";
    static final String DELETE = "DELETE FROM kv WHERE namespace = ? AND key = ?";
    static final String LIST = "SELECT key, value FROM kv WHERE namespace = ? ORDER BY key";
    /** Column order of every kv insert: {@link #bindKv}. */
    static final String KV_INSERT = "INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)";

    private StateSql() {
    }

    static void bindSession(PreparedStatement ps, SessionRecord s, Instant now) throws SQLException {
        ps.setString(1, Objects.requireNonNull(s.key(), "session key"));
        ps.setString(2, s.channel());
        ps.setString(3, s.sessionFile());
        ps.setString(4, s.model());
        ps.setLong(5, (s.createdAt() != null ? s.createdAt() : now).toEpochMilli());
        ps.setLong(6, (s.lastActivity() != null ? s.lastActivity() : now).toEpochMilli());
        ps.setLong(7, s.messageCount());
        ps.setLong(8, s.turnCount());
    }

    static void bindRecordTurn(PreparedStatement ps, String key, int messagesAdded, String model, long nowMillis)
            throws SQLException {
        ps.setLong(1, messagesAdded);
        ps.setLong(2, nowMillis);
        if (model != null) {
            ps.setString(3, model);
        } else {
            ps.setNull(3, Types.VARCHAR);
        }
        ps.setString(4, key);
    }

    static void bindKv(PreparedStatement ps, String namespace, String key, String value, long nowMillis)
            throws SQLException {
        ps.setString(1, Objects.requireNonNull(namespace, "namespace"));
        ps.setString(2, Objects.requireNonNull(key, "key"));
        ps.setString(3, Objects.requireNonNull(value, "value"));
        ps.setLong(4, nowMillis);
    }

    static void bindKey(PreparedStatement ps, String namespace, String key) throws SQLException {
        ps.setString(1, namespace);
        ps.setString(2, key);
    }

    static SessionRecord session(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7), rs.getLong(8));
    }

    static List<SessionRecord> sessions(ResultSet rs) throws SQLException {
        List<SessionRecord> sessions = new ArrayList<>();
        while (rs.next()) {
            sessions.add(session(rs));
        }
        return sessions;
    }

    static List<Map.Entry<String, String>> entries(ResultSet rs) throws SQLException {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        while (rs.next()) {
            entries.add(Map.entry(rs.getString(1), rs.getString(2)));
        }
        return entries;
    }
}
