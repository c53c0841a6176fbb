package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code store} section: sqlite by default, postgres with a URL, the password from the environment and masked. */
class StoreConfigTest {

    private static List<String> problems(String jsonc) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(jsonc, Map.of()));
        assertThat(error).as("expected a ConfigException").isNotNull();
        return error.problems();
    }

    @Test
    void sqliteIsTheDefault() {
        StoreConfig store = GatewayConfig.defaults().store();

        assertThat(store.kind()).isEqualTo("sqlite");
        assertThat(store.usesPostgres()).isFalse();
        assertThat(store.postgres().poolSize()).isEqualTo(8);
    }

    @Test
    void postgresTakesItsPasswordFromTheEnvironmentAndConfigShowMasksIt() {
        LoadedConfig loaded = ConfigLoader.parseLoaded("""
                { "store": { "kind": "postgres", "postgres": {
                    "url": "jdbc:postgresql://127.0.0.1:5432/pigw", "user": "gw",
                    "password": "${PIGW_DB_PASSWORD}", "poolSize": 4 } } }
                """, Map.of("PIGW_DB_PASSWORD", "s3cret-pw"));

        assertThat(loaded.warnings()).isEmpty();
        StoreConfig store = loaded.config().store();
        assertThat(store.usesPostgres()).isTrue();
        assertThat(store.postgres().password()).isEqualTo("s3cret-pw");
        assertThat(store.postgres().poolSize()).isEqualTo(4);
        String shown = ConfigRedactor.redact(loaded.config()).toString();
        assertThat(shown).doesNotContain("s3cret-pw").contains("\"password\":\"***\"").contains("jdbc:postgresql://");
    }

    @Test
    void wrongValuesNameTheKeyAndTheFix() {
        assertThat(problems("{ \"store\": { \"kind\": \"mysql\" } }"))
                .containsExactly("store.kind: \"mysql\" is not allowed; use one of sqlite, postgres");
        assertThat(problems("{ \"store\": { \"kind\": \"postgres\" } }")).containsExactly(
                "store.postgres.url: missing; store.kind postgres needs the database's JDBC URL, e.g. "
                        + "jdbc:postgresql://db.example:5432/pigateway");
        assertThat(problems("{ \"store\": { \"kind\": \"postgres\", \"postgres\": { \"url\": \"postgres://db/x\","
                + " \"poolSize\": 0 } } }")).containsExactly(
                "store.postgres.poolSize: 0 is not allowed; use 1..100",
                "store.postgres.url: must start with jdbc:postgresql:// (e.g. jdbc:postgresql://db.example:5432/pigateway)");
        assertThat(ConfigLoader.parseLoaded("{ \"store\": { \"postgress\": {} } }", Map.of()).warnings())
                .containsExactly("store.postgress: unknown key, ignored (did you mean `store.postgres`?)");
    }
}
