package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.GatewayJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the gateway under a steady load of 8 chats, then a restart on the same data dir:
 * no message lost (each got its answer, or "please resend" when its turn had started a tool),
 * none answered twice; the figures are the time to ready and to answer the chats caught mid-turn.
 */
class GatewayKillChaosIT {
    @TempDir
    Path dir;

    @Test
    void aSigkilledGatewayUnderLoadLosesNothingAndRepeatsNothing() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 400)) {
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 8, 6);
            List<Long> waiting;
            GatewayJvm first = rig.start("first.log", 3, "");
            try {
                ChaosRig.driveUntil(load, () -> load.sentTotal() >= 24); // half-way, turns in flight
                load.pause(true);
                waiting = LongStream.range(ChatLoad.FIRST_USER, ChatLoad.FIRST_USER + 8)
                        .filter(u -> load.replies(u).size() < load.sentBy(u)).boxed()
                        .toList();
                first.kill();
            } finally {
                first.process().destroyForcibly();
            }
            int repliesAtKill = totalReplies(load);
            long t0 = System.nanoTime();
            try (GatewayJvm second = rig.start("second.log", 3, "")) {
                long ready = System.nanoTime() - t0;
                ChaosRig.driveUntil(load, () -> waiting.stream().allMatch(u -> load.replies(u).size() >= load.sentBy(u)));
                long caughtUp = System.nanoTime() - t0;
                load.pause(false);
                ChaosRig.drive(load, () -> { });
                ChatLoad.Figures f = load.figures();
                ChaosRig.report("kill -9 of the gateway under load (8 chats × 6 messages, model 0.4 s)",
                        f + "; " + waiting.size() + " chats waiting at the kill, " + repliesAtKill
                                + " replies before it; restarted JVM ready in " + ChaosRig.seconds(ready)
                                + ", the waiting chats answered " + ChaosRig.seconds(caughtUp) + " after the restart");

                assertThat(f.sent()).isEqualTo(48);
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                assertThat(f.answered() + f.restarted()).isEqualTo(f.sent()); // an answer, or told to resend
            }
        }
    }

    private static int totalReplies(ChatLoad load) {
        return LongStream.range(ChatLoad.FIRST_USER, ChatLoad.FIRST_USER + 8).mapToInt(u -> load.replies(u).size()).sum();
    }
}
