package io.pigateway.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the shared PostgreSQL state lives ({@code store.postgres}) and how to reach it: the pool,
 * the probe at start and {@code doctor}, and the leader election's own connection all connect
 * here. The password never leaves through {@link #toString} or a message: messages show
 * {@link #displayUrl()}, the URL without its query (which may carry {@code password=}).
 */
public record PostgresTarget(String url, String user, String password, int poolSize) {
    /** How long a connect may take before the store counts as unreachable. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    public String displayUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** A connection of its own (not from the pool), failing within {@value #CONNECT_TIMEOUT_SECONDS} s. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "pi-gateway");
        return DriverManager.getConnection(url, props);
    }

    /**
     * Connects once and says in one sentence why that failed, naming {@code store.postgres.url} and
     * what to check; returns the server's version when it worked.
     */
    public String probe() {
        try (Connection c = connect()) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** The schema could not be created or migrated (rights, a broken table): what failed, and what to check. */
    StateStoreException schemaFailed(SQLException e) {
        String state = e.getSQLState() != null ? e.getSQLState() : "";
        if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
            return unreachable(e);
        }
        return new StateStoreException("Cannot set up the tables of the PostgreSQL store at store.postgres.url ("
                + displayUrl() + "): " + firstLine(e.getMessage()) + "; store.postgres.user needs to own them (or"
                + " the right to create them in the database)", e);
    }

    StateStoreException unreachable(SQLException e) {
        String state = e.getSQLState() != null ? e.getSQLState() : "";
        String hint;
        if (state.startsWith("28")) {
            hint = "check store.postgres.user and store.postgres.password";
        } else if (state.equals("3D000")) {
            hint = "create that database (createdb) or fix the name in the URL";
        } else {
            hint = "check that PostgreSQL runs there and accepts TCP connections from this host";
        }
        return new StateStoreException("Cannot connect to the PostgreSQL store at store.postgres.url ("
                + displayUrl() + "): " + firstLine(e.getMessage()) + "; " + hint, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    @Override
    public String toString() {
        return "PostgresTarget[" + displayUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
