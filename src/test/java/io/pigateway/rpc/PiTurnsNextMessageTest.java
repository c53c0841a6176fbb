package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller that sends the session's next message from the very callback that delivered the answer
 * is not told "still answering": the session stops answering before anyone hears the outcome.
 */
class PiTurnsNextMessageTest {
    @TempDir
    Path dir;
    private FakePiPools pools;

    @AfterEach
    void stop() {
        if (pools != null) {
            pools.close();
        }
    }

    @Test
    void theNextMessageSentFromTheAnswerCallbackIsAccepted() throws Exception {
        pools = new FakePiPools(dir);
        PiPool pool = pools.start("normal", 1, 1, 10, 60_000);
        String file = pools.session("s1");
        CompletableFuture<PiTurnResult> second = new CompletableFuture<>();
        pool.prompt("s1", file, "first", null, 30_000).whenComplete((r, e) ->
                pool.prompt("s1", file, "second", null, 30_000).whenComplete((r2, e2) -> {
                    if (e2 != null) {
                        second.completeExceptionally(e2);
                    } else {
                        second.complete(r2);
                    }
                }));
        assertThat(second.get(30, TimeUnit.SECONDS).text()).isEqualTo("echo: second");
    }
}
