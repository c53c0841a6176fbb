package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * `store` section: where the durable state lives. {@code sqlite} (default) is one file in the data
 * dir; {@code postgres} is a database several gateway instances share (then the polling channels
 * and the cron scheduler run on one leader at a time).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoreConfig(String kind, PostgresConfig postgres) {

    public static final String SQLITE = "sqlite";
    public static final String POSTGRES = "postgres";

    public StoreConfig {
        kind = kind != null ? kind : SQLITE;
        postgres = postgres != null ? postgres : PostgresConfig.defaults();
    }

    public static StoreConfig defaults() {
        return new StoreConfig(null, null);
    }

    public boolean usesPostgres() {
        return POSTGRES.equals(kind);
    }

    /**
     * `store.postgres`: a JDBC URL ({@code jdbc:postgresql://host:5432/db}), the user, the password
     * (write {@code ${ENV}}: it is masked in {@code config show} and never logged) and the size of the
     * connection pool of this instance.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PostgresConfig(String url, String user, String password, Integer poolSize) {
        public static final int DEFAULT_POOL_SIZE = 8;

        public PostgresConfig {
            poolSize = poolSize != null ? poolSize : DEFAULT_POOL_SIZE;
        }

        public static PostgresConfig defaults() {
            return new PostgresConfig(null, null, null, null);
        }
    }
}
