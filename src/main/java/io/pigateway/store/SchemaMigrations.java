package io.pigateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A versioned schema: step i brings the database from version i to i + 1. At open a store applies
 * the steps it misses in one transaction and records the new version in {@code schema_version}
 * (one row). A database newer than the code is refused rather than misread. A store that several
 * processes open at once passes a {@code lockSql} that serializes them inside the transaction.
 */
final class SchemaMigrations {
    private final String database;
    private final List<List<String>> steps;
    private final String lockSql;

    /**
     * @param database how messages name the database (e.g. "state.db")
     * @param lockSql  run first in the migration's transaction, or null when one process migrates
     */
    SchemaMigrations(String database, List<List<String>> steps, String lockSql) {
        this.database = database;
        this.steps = List.copyOf(steps);
        this.lockSql = lockSql;
    }

    /** The newest version this code knows. */
    int latest() {
        return steps.size();
    }

    /** Brings the database to {@link #latest()}; returns the version it had. */
    int apply(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            if (lockSql != null) {
                st.execute(lockSql);
            }
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int found = version(connection);
            if (found > steps.size()) {
                throw new StateStoreException(database + " has schema version " + found
                        + ", newer than this gateway understands (" + steps.size() + "); run the newer gateway");
            }
            for (int v = found; v < steps.size(); v++) {
                for (String sql : steps.get(v)) {
                    st.execute(sql);
                }
            }
            if (found < steps.size()) {
                st.execute("DELETE FROM schema_version");
                st.execute("INSERT INTO schema_version (version) VALUES (" + steps.size() + ")");
            }
            connection.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
