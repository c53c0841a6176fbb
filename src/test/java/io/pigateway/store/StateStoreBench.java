package io.pigateway.store;

import io.pigateway.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-operation cost of the two stores, one thread: {@code java -cp <test classpath>
 * io.pigateway.store.StateStoreBench}. The whole table runs twice and the second round is printed
 * (the first warms the JIT for both). Not a test: numbers for the README's "Scaling out".
 */
public final class StateStoreBench {
    private static final int N = 5_000;

    private StateStoreBench() {
    }

    private interface Op {
        void run(StateStore store, int i);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("put (upsert)", (s, i) -> s.put("bench", "k" + (i % 100), "v" + i));
        ops.put("get", (s, i) -> s.get("bench", "k" + (i % 100)));
        ops.put("putIfAbsent (dedup, new key)", (s, i) -> s.putIfAbsent("dedup", "u" + i, "x"));
        ops.put("saveSession", (s, i) -> s.saveSession(new SessionRecord("agent:main:api:dm:" + (i % 100), "api",
                "/s.jsonl", "m", Instant.EPOCH, Instant.now(), 0, 0)));
        ops.put("recordTurn", (s, i) -> s.recordTurn("agent:main:api:dm:" + (i % 100), 2, null));
        ops.put("findSession", (s, i) -> s.findSession("agent:main:api:dm:" + (i % 100)));
        Path dir = Files.createTempDirectory("store-bench");
        try (StateStore sqlite = SqliteStateStore.open(dir);
             StateStore postgres = new PostgresStateStore(TestPostgres.shared().freshDatabase("bench", 4), Clock.systemUTC())) {
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    System.out.println("| operation | SQLite (WAL, one file) | PostgreSQL 14 (embedded, loopback, pool 4) |");
                    System.out.println("|---|---|---|");
                }
                int base = round * N;
                for (Map.Entry<String, Op> op : ops.entrySet()) {
                    double lite = micros(sqlite, op.getValue(), base);
                    double pg = micros(postgres, op.getValue(), base);
                    if (round == 1) {
                        System.out.printf("| %s | %.1f µs | %.1f µs |%n", op.getKey(), lite, pg);
                    }
                }
            }
        }
        System.exit(0); // the embedded server stops in its shutdown hook
    }

    private static double micros(StateStore store, Op op, int base) {
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            op.run(store, base + i);
        }
        return (System.nanoTime() - t0) / 1_000.0 / N;
    }
}
