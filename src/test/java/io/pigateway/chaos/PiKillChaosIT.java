package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.GatewayJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of pi processes at random under a steady load of 6 chats: every message gets exactly one
 * reply (its answer, or a sentence saying the turn failed), none hangs (the load finishes), and the
 * pool keeps serving after the kills.
 */
class PiKillChaosIT {
    private static final long KILL_EVERY_NANOS = 2_000_000_000L;
    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void piProcessesKilledAtRandomFailTurnsVisiblyAndNoneHangs() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 800)) {
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 6, 6);
            AtomicInteger kills = new AtomicInteger();
            long[] nextKill = {0};
            try (GatewayJvm gw = rig.start("gateway.log", 3, "")) {
                long t0 = System.nanoTime();
                nextKill[0] = t0 + KILL_EVERY_NANOS;
                ChaosRig.drive(load, () -> {
                    if (kills.get() < KILLS && System.nanoTime() >= nextKill[0]) {
                        List<ProcessHandle> pis = gw.piProcesses().stream().filter(ProcessHandle::isAlive).toList();
                        if (!pis.isEmpty()) {
                            pis.get(ThreadLocalRandom.current().nextInt(pis.size())).destroyForcibly(); // SIGKILL
                            kills.incrementAndGet();
                        }
                        nextKill[0] = System.nanoTime() + KILL_EVERY_NANOS;
                    }
                });
                long took = System.nanoTime() - t0;
                ChatLoad.Figures f = load.figures();
                int replies = java.util.stream.LongStream.range(ChatLoad.FIRST_USER, ChatLoad.FIRST_USER + 6)
                        .mapToInt(u -> load.replies(u).size()).sum();
                ChaosRig.report("kill -9 of pi processes at random under load (6 chats × 6 messages, model 0.8 s, "
                        + KILLS + " kills 2 s apart)", f + "; " + kills.get() + " pi processes killed, hung 0, all "
                        + f.sent() + " messages settled in " + ChaosRig.seconds(took));

                assertThat(kills.get()).isEqualTo(KILLS);
                assertThat(f.sent()).isEqualTo(36);
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                assertThat(replies).isEqualTo(f.sent()); // one reply per message: an answer or why there is none
                assertThat(gw.process().isAlive()).isTrue();
            }
        }
    }
}
