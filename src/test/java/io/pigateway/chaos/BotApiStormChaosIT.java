package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.GatewayJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 429 storm and 5xx bursts from the Bot API under a steady load of 6 chats: the gateway waits
 * {@code retry_after} and backs off, no answer is lost or sent twice, and the backlog drains.
 */
class BotApiStormChaosIT {
    @TempDir
    Path dir;

    @Test
    void a429StormAnd5xxBurstsLoseNothingRepeatNothingAndDrain() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 100)) {
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 6, 6);
            try (GatewayJvm gw = rig.start("gateway.log", 3, "")) {
                ChaosRig.driveUntil(load, () -> load.sentTotal() >= 12);
                long t0 = System.nanoTime();
                rig.telegram.failNext("sendMessage", 20, 429, "Too Many Requests: retry after 1", 1);
                rig.telegram.failNext("sendMessage", 8, 502, "Bad Gateway", null);
                rig.telegram.failNext("getUpdates", 4, 500, "Internal Server Error", null);
                ChaosRig.drive(load, () -> { });
                long drained = System.nanoTime() - t0;
                ChatLoad.Figures f = load.figures();
                ChaosRig.report("Bot API 429 storm and 5xx bursts (20 × 429 retry_after 1 s, 8 × 502 on sendMessage, "
                        + "4 × 500 on getUpdates; 6 chats × 6 messages)", f + "; failures left unserved "
                        + rig.telegram.pendingFailures() + ", backlog drained " + ChaosRig.seconds(drained)
                        + " after the storm began");

                assertThat(rig.telegram.pendingFailures()).isZero(); // the storm really hit
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                assertThat(f.answered()).isEqualTo(f.sent());
                assertThat(gw.status("/health")).isEqualTo(200);
            }
        }
    }
}
