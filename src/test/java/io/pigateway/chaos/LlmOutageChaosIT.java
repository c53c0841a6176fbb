package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.GatewayJvm;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM answers HTTP 500 to everything for a while ({@code -Dchaos.llmOutageMs}, default 30 s, as
 * in the issue) under a steady load of 4 chats: every user gets one reply per message (the answer
 * after pi's and the gateway's retries, or a sentence saying the model failed), nothing is lost or
 * repeated, and answers come back by themselves once the LLM heals.
 */
class LlmOutageChaosIT {
    private static final long OUTAGE_MS = Long.getLong("chaos.llmOutageMs", 30_000);

    @TempDir
    Path dir;

    @Test
    void anLlmReturning500sIsToldToUsersAndRecoveryIsAutomatic() throws Exception {
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 100)) {
            AtomicLong outageEnds = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            rig.llm.setResponder(request -> {
                if (System.currentTimeMillis() < outageEnds.get()) {
                    failed.incrementAndGet();
                    return FakeLlmServer.Reply.error(500);
                }
                return FakeLlmServer.defaultReply(request).delayed(100);
            });
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 4, 8);
            try (GatewayJvm gw = rig.start("gateway.log", 3, "")) {
                ChaosRig.driveUntil(load, () -> load.sentTotal() >= 8);
                outageEnds.set(System.currentTimeMillis() + OUTAGE_MS);
                ChaosRig.driveUntil(load, () -> {
                    load.pause(load.sentTotal() >= 16); // two messages per chat meet the outage, the rest wait
                    return System.currentTimeMillis() >= outageEnds.get() && load.sentTotal() >= 16;
                });
                int sentDuring = load.sentTotal() - 8;
                String told = load.replies(ChatLoad.FIRST_USER).stream().filter(r -> !r.startsWith("echo: "))
                        .findFirst().orElse("—");
                load.pause(false);
                long healed = System.nanoTime();
                long[] firstEcho = {0};
                int echoesAtHeal = load.figures().answered();
                ChaosRig.drive(load, () -> {
                    if (firstEcho[0] == 0 && load.figures().answered() > echoesAtHeal) {
                        firstEcho[0] = System.nanoTime();
                    }
                });
                ChatLoad.Figures f = load.figures();
                ChaosRig.report("the LLM answering 500 for " + OUTAGE_MS / 1000 + " s (4 chats × 8 messages)", f
                        + "; " + failed.get() + " LLM requests failed, " + sentDuring + " messages sent during the outage;"
                        + " first answer " + (firstEcho[0] > 0 ? ChaosRig.seconds(firstEcho[0] - healed) : "—")
                        + " after the LLM healed; users were told: \"" + told + "\"");

                assertThat(failed.get()).isPositive();
                assertThat(f.told()).as("users told the model failed").isPositive();
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                for (long u = ChatLoad.FIRST_USER; u < ChatLoad.FIRST_USER + 4; u++) { // recovered by itself
                    assertThat(load.replies(u)).last().isEqualTo("echo: " + ChatLoad.text(u, 8));
                }
                assertThat(gw.process().isAlive()).isTrue();
            }
        }
    }
}
