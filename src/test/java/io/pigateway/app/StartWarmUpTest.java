package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start warm-up calls the gateway's own port and leaves nothing behind: no session, no failed guess. */
class StartWarmUpTest {

    @Test
    void theWarmUpRunsItsRoundsAgainstTheRealListenerAndLeavesNoTrace(@TempDir Path dir) throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime rt = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(rt, dir.resolve("data"), 0, 1,
                     "\"http\": { \"warmUpRounds\": 25 },", "", null)) {
            StartWarmUp warmUp = gw.runtime().registrations().services.stream()
                    .map(Registrations.Registered::value).filter(StartWarmUp.class::isInstance)
                    .map(StartWarmUp.class::cast).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(90))
                    .failFast("the warm-up ended early", () -> assertThat(warmUp.problem()).isNull())
                    .until(() -> warmUp.completedRounds() == 25);

            assertThat(gw.runtime().service().sessions()).isEmpty();
            assertThat(gw.get("/api/sessions", true).body()).doesNotContain("agent:main");
            // its requests carried the right token: the limiter counted no wrong guess, a client still gets in
            assertThat(gw.post("/api/chat", "{\"message\":\"hello\"}").statusCode()).isEqualTo(200);
        }
    }
}
