package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.StoreConfig;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.TestPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code doctor} connects to a PostgreSQL store once and says what failed; SQLite needs no check. */
class StoreCheckTest {

    private static StoreConfig postgres(String url, String user, String password) {
        return new StoreConfig("postgres", new StoreConfig.PostgresConfig(url, user, password, 2));
    }

    @Test
    void sqliteNamesItsFile() {
        CheckResult result = StoreCheck.run(StoreConfig.defaults(), Path.of("/data"));

        assertThat(result.status()).isEqualTo(CheckResult.Status.OK);
        assertThat(result.detail()).isEqualTo("sqlite in /data/state.db");
    }

    @Test
    void aReachablePostgresIsOkAndAnUnreachableOneFailsWithTheReason() throws Exception {
        PostgresTarget db = TestPostgres.shared().freshDatabase("doctor", 2);

        CheckResult ok = StoreCheck.run(postgres(db.url(), db.user(), null), Path.of("/data"));
        assertThat(ok.status()).isEqualTo(CheckResult.Status.OK);
        assertThat(ok.detail()).startsWith("postgres at " + db.url() + " answers (PostgreSQL 14.");

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        CheckResult down = StoreCheck.run(postgres("jdbc:postgresql://127.0.0.1:" + closed + "/pigw", "gw", "pw-123"),
                Path.of("/data"));
        assertThat(down.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(down.line()).startsWith("[fail] store: Cannot connect to the PostgreSQL store at store.postgres.url"
                        + " (jdbc:postgresql://127.0.0.1:" + closed + "/pigw): Connection to 127.0.0.1:" + closed
                        + " refused.")
                .endsWith("(fix: start PostgreSQL there, or correct store.postgres.url, user and password)")
                .doesNotContain("pw-123");
    }
}
