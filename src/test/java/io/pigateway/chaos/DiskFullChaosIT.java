package io.pigateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pigateway.testing.GatewayJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dir's disk full for 10 s mid-run: the data dir is a small tmpfs (needs root: mount),
 * filled to the last byte under a steady load of 4 chats, then freed. The gateway does not crash,
 * says clearly what it could not persist, every user gets a reply, and it recovers by itself.
 * (A read-only data dir cannot be simulated for root, who writes anyway; a full disk is the same
 * failure for the store: a write that the OS refuses.)
 */
class DiskFullChaosIT {
    private static final long FULL_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void aFullDiskMidRunDoesNotCrashTheGatewayAndItRecovers() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", data.toString()) == 0,
                "mounting a tmpfs needs root");
        try (ChaosRig rig = new ChaosRig(getClass().getSimpleName(), dir, 200)) {
            ChatLoad load = new ChatLoad(rig.telegram, ChaosRig.BOT, 4, 8);
            try (GatewayJvm gw = rig.start("gateway.log", 2, "")) {
                ChaosRig.driveUntil(load, () -> load.sentTotal() >= 8);
                Path filler = data.resolve("filler");
                fill(filler);
                long until = System.currentTimeMillis() + FULL_MS;
                int answeredBefore = load.figures().answered();
                int toldBefore = load.figures().told();
                ChaosRig.driveUntil(load, () -> System.currentTimeMillis() >= until);
                int repliedDuring = load.figures().answered() - answeredBefore + load.figures().told() - toldBefore;
                Files.delete(filler);
                long freed = System.nanoTime();
                ChaosRig.drive(load, () -> { });
                await().atMost(Duration.ofSeconds(60)).until(() -> gw.status("/health") == 200
                        && gw.get("/health").body().contains("\"status\":\"ok\""));
                long recovered = System.nanoTime() - freed;
                String log = gw.log();
                ChatLoad.Figures f = load.figures();
                ChaosRig.report("data dir's disk full for " + FULL_MS / 1000 + " s (tmpfs; 4 chats × 8 messages)",
                        f + "; " + repliedDuring + " replies while full, "
                                + log.lines().filter(l -> l.contains("could not persist")).count()
                                + " \"could not persist\" log lines, /health ok again " + ChaosRig.seconds(recovered)
                                + " after space returned");

                assertThat(gw.process().isAlive()).isTrue();
                assertThat(f.lost()).isZero();
                assertThat(f.duplicated()).isZero();
                assertThat(log).contains("could not persist");
                for (long u = ChatLoad.FIRST_USER; u < ChatLoad.FIRST_USER + 4; u++) { // recovered by itself
                    assertThat(load.replies(u)).last().isEqualTo("echo: " + ChatLoad.text(u, 8));
                }
            }
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    /** Writes zeros until the disk refuses (ENOSPC). */
    private static void fill(Path filler) {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // the disk is full now
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
