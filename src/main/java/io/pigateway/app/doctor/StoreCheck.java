package io.pigateway.app.doctor;

import io.pigateway.config.StoreConfig;
import io.pigateway.store.PostgresTarget;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStoreException;
import io.pigateway.store.StateStores;
import java.nio.file.Path;

/** {@code store}: where the state lives; a PostgreSQL store is connected to once (URL, user, password). */
final class StoreCheck {
    private StoreCheck() {
    }

    static CheckResult run(StoreConfig store, Path dataDir) {
        if (!store.usesPostgres()) {
            return CheckResult.ok("store", "sqlite in " + dataDir.resolve(SqliteStateStore.FILE_NAME));
        }
        PostgresTarget target = StateStores.target(store);
        try {
            return CheckResult.ok("store", "postgres at " + target.displayUrl() + " answers (PostgreSQL "
                    + target.probe() + "); Telegram polling, the Discord connection and cron run on one leader");
        } catch (StateStoreException e) {
            return CheckResult.fail("store", e.getMessage(),
                    "start PostgreSQL there, or correct store.postgres.url, user and password");
        }
    }
}
