package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.GatewayJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state database locked by another process for 12 s mid-run (SQLITE_BUSY beyond the 5 s busy
 * timeout; how a backup tool or a second gateway on the same data dir looks): the gateway keeps
 * answering, logs each failing kind of write once, shows degraded in {@code /health}, counts the
 * failures in {@code /metrics}, and recovers by itself when the lock goes.
 */
class StoreLockChaosIT {
    private static final long LOCK_MS = 12_000;

    @TempDir
    Path dir;

    @Test
    void aLockedStateDatabaseKeepsTheGatewayAnsweringAndItRecovers() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 200)) {
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 4, 8);
            try (GatewayJvm gw = rig.start("gateway.log", 2, "")) {
                ChaosRig.driveUntil(load, () -> load.sentTotal() >= 8);
                boolean[] sawDegraded = {false};
                int answeredBefore;
                int answeredDuring;
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/state.db"));
                     Statement st = other.createStatement()) {
                    st.execute("BEGIN EXCLUSIVE");
                    long until = System.currentTimeMillis() + LOCK_MS;
                    answeredBefore = load.figures().answered();
                    ChaosRig.driveUntil(load, () -> {
                        sawDegraded[0] |= health(gw).contains("\"status\":\"degraded\"");
                        return System.currentTimeMillis() >= until;
                    });
                    answeredDuring = load.figures().answered() - answeredBefore;
                    st.execute("ROLLBACK");
                }
                long released = System.nanoTime();
                ChaosRig.drive(load, () -> { });
                await().atMost(Duration.ofSeconds(60)).until(() -> health(gw).contains("\"status\":\"ok\""));
                long recovered = System.nanoTime() - released;
                String log = gw.log();
                long logged = log.lines().filter(l -> l.contains("could not persist")).count();
                String metrics = gw.get("/metrics").body();
                ChatLoad.Figures f = load.figures();
                ChaosRig.report("state.db locked by another process for " + LOCK_MS / 1000 + " s (4 chats × 8 messages)",
                        f + "; " + answeredDuring + " answers during the lock, " + logged
                                + " \"could not persist\" log lines, " + failures(metrics)
                                + " failed writes counted, /health degraded during the lock: " + sawDegraded[0]
                                + ", ok again " + ChaosRig.seconds(recovered) + " after the lock went");

                assertThat(gw.process().isAlive()).isTrue();
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                assertThat(answeredDuring).isPositive(); // it kept answering
                assertThat(sawDegraded[0]).isTrue();
                assertThat(logged).isBetween(1L, 8L); // once per kind of write, not per message
                assertThat(log).contains("writes again");
                assertThat(failures(metrics)).isPositive();
            }
        }
    }

    private static String health(GatewayJvm gw) {
        try {
            return gw.get("/health").body();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static double failures(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("pigateway_store_write_failures_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
