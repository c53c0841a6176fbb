package io.pigateway.store;

import io.pigateway.config.StoreConfig;
import io.pigateway.config.StoreConfig.PostgresConfig;
import java.nio.file.Path;

/** Opens the store {@code store.kind} names: SQLite in the data dir, or the shared PostgreSQL database. */
public final class StateStores {
    private StateStores() {
    }

    public static StateStore open(StoreConfig config, Path dataDir) {
        return config.usesPostgres() ? PostgresStateStore.open(target(config)) : SqliteStateStore.open(dataDir);
    }

    /** Where {@code store.postgres} points. */
    public static PostgresTarget target(StoreConfig config) {
        PostgresConfig pg = config.postgres();
        return new PostgresTarget(pg.url(), pg.user(), pg.password(), pg.poolSize());
    }
}
