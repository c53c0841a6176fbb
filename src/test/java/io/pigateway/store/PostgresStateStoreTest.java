package io.pigateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.testing.TestPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL (embedded, one database for this class), plus its start errors. */
class PostgresStateStoreTest extends StateStoreContractTest {

    private static PostgresTarget target;

    @BeforeAll
    static void database() {
        target = TestPostgres.shared().freshDatabase("store_contract", 4);
    }

    @Override
    StateStore open(Clock clock) {
        return new PostgresStateStore(target, clock);
    }

    @BeforeEach // after the contract's openStore: the schema exists
    void startEmpty() throws Exception {
        rawSql("TRUNCATE sessions, kv"); // every test starts empty, as on a new SQLite file
    }

    @Override
    int schemaVersion(StateStore store) {
        return ((PostgresStateStore) store).schemaVersion();
    }

    @Override
    void rawSql(String sql) throws Exception {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void aWrongPasswordOrMissingRightsAreOneSentenceNamingTheSettingsToCheck() throws Exception {
        TestPostgres.shared().createPasswordUser("gw_contract", "right");
        PostgresTarget wrong = new PostgresTarget(target.url(), "gw_contract", "wrong", 2);

        assertThatThrownBy(() -> PostgresStateStore.open(wrong)).isInstanceOf(StateStoreException.class)
                .hasMessage("Cannot connect to the PostgreSQL store at store.postgres.url (" + target.url() + "): FATAL:"
                        + " password authentication failed for user \"gw_contract\"; check store.postgres.user and"
                        + " store.postgres.password");
        assertThat(wrong.toString()).doesNotContain("wrong");
        PostgresTarget right = new PostgresTarget(target.url(), "gw_contract", "right", 2);
        assertThatThrownBy(() -> PostgresStateStore.open(right)).isInstanceOf(StateStoreException.class)
                .hasMessage("Cannot set up the tables of the PostgreSQL store at store.postgres.url (" + target.url()
                        + "): ERROR: permission denied for table schema_version; store.postgres.user needs to own them"
                        + " (or the right to create them in the database)");
        rawSql("GRANT ALL ON ALL TABLES IN SCHEMA public TO gw_contract");
        try (StateStore granted = PostgresStateStore.open(right)) {
            assertThat(granted.countSessions()).isZero();
        }
    }

    @Test
    void aMissingDatabaseIsOneSentenceSayingToCreateIt() {
        PostgresTarget missing = new PostgresTarget(target.url().replaceAll("/[a-z_0-9]+$", "/no_such_db"), "postgres",
                null, 2);

        assertThatThrownBy(() -> PostgresStateStore.open(missing)).isInstanceOf(StateStoreException.class)
                .hasMessage("Cannot connect to the PostgreSQL store at store.postgres.url (" + missing.url() + "): FATAL:"
                        + " database \"no_such_db\" does not exist; create that database (createdb) or fix the name in"
                        + " the URL");
    }

    @Test
    void anUnreachableServerIsOneSentenceNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        PostgresTarget nowhere = new PostgresTarget("jdbc:postgresql://127.0.0.1:" + closedPort + "/x?password=secret",
                "gw", "secret", 2);

        assertThatThrownBy(() -> PostgresStateStore.open(nowhere)).isInstanceOf(StateStoreException.class)
                .hasMessage("Cannot connect to the PostgreSQL store at store.postgres.url (jdbc:postgresql://127.0.0.1:"
                        + closedPort + "/x): Connection to 127.0.0.1:" + closedPort + " refused. Check that the hostname"
                        + " and port are correct and that the postmaster is accepting TCP/IP connections.; check that"
                        + " PostgreSQL runs there and accepts TCP connections from this host")
                .message().doesNotContain("secret");
    }
}
