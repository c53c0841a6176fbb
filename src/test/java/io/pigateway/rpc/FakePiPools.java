package io.pigateway.rpc;

import io.pigateway.testing.FakePi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds pools of {@link FakePi} processes and stops them after each test. */
final class FakePiPools implements AutoCloseable {
    private final List<PiPool> pools = new ArrayList<>();
    private final Path dir;

    FakePiPools(Path dir) {
        this.dir = dir;
    }

    PiPool start(String script, int min, int max, int maxWaiting, long idleTimeoutMs, String... extraArgs) {
        return start(script, new PiPoolSettings(min, max, idleTimeoutMs, maxWaiting, 30_000), extraArgs);
    }

    PiPool start(String script, PiPoolSettings settings, String... extraArgs) {
        PiPool pool = new PiPool("test-" + script, new PiProcessSpec(FakePi.command(script, extraArgs), Map.of(), dir), settings);
        pools.add(pool);
        pool.start();
        return pool;
    }

    String session(String name) {
        return dir.resolve("sessions").resolve(name + ".jsonl").toString();
    }

    @Override
    public void close() {
        pools.forEach(PiPool::stop);
    }
}
