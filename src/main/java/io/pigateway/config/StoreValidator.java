package io.pigateway.config;

import io.pigateway.config.StoreConfig.PostgresConfig;
import java.util.List;

/** {@code store.postgres} must say where the database is when {@code store.kind} is postgres. */
final class StoreValidator {
    static final String URL_PREFIX = "jdbc:postgresql://";

    private StoreValidator() {
    }

    static void validate(GatewayConfig config, List<String> errors) {
        StoreConfig store = config.store();
        PostgresConfig pg = store.postgres();
        if (pg.poolSize() < 1 || pg.poolSize() > 100) {
            errors.add("store.postgres.poolSize: " + pg.poolSize() + " is not allowed; use 1..100");
        }
        if (!store.usesPostgres()) {
            return;
        }
        if (pg.url() == null || pg.url().isBlank()) {
            errors.add("store.postgres.url: missing; store.kind postgres needs the database's JDBC URL, e.g. "
                    + URL_PREFIX + "db.example:5432/pigateway");
        } else if (!pg.url().startsWith(URL_PREFIX)) {
            errors.add("store.postgres.url: must start with " + URL_PREFIX + " (e.g. " + URL_PREFIX
                    + "db.example:5432/pigateway)");
        }
    }
}
