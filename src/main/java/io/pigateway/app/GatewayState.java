package io.pigateway.app;

import io.pigateway.config.GatewayConfig;
import io.pigateway.security.FileModes;
import io.pigateway.security.GatewayToken;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.store.StateStores;
import java.nio.file.Path;
import java.util.List;

/**
 * What a gateway keeps across starts: the state store (SQLite in the data dir, or the shared
 * PostgreSQL of {@code store.postgres}) and the API token, opened with private file modes (the folder 0700, the database, its WAL files and the token files 0600).
 */
record GatewayState(StateStore store, GatewayToken token) {
    private static final List<String> PRIVATE_FILES = List.of(SqliteStateStore.FILE_NAME,
            SqliteStateStore.FILE_NAME + "-wal", SqliteStateStore.FILE_NAME + "-shm", "gateway-token", "hooks-token");

    static GatewayState open(GatewayConfig config, Path dataDir) throws Exception {
        StateStore store;
        try {
            FileModes.privateDir(dataDir);
            store = StateStores.open(config.store(), dataDir); // store.kind: sqlite or postgres
        } catch (RuntimeException e) {
            if (config.store().usesPostgres() && !(e instanceof java.io.UncheckedIOException)) {
                throw e; // already one sentence naming store.postgres.url
            }
            // one sentence with the path and the fix, not a trace
            throw new IllegalStateException(io.pigateway.store.StoreOpenFailure.explain(dataDir, e), e);
        }
        for (String name : PRIVATE_FILES) {
            FileModes.privateFile(dataDir.resolve(name));
        }
        return new GatewayState(store, GatewayToken.resolve(config.gateway().auth().token(), dataDir));
    }
}
