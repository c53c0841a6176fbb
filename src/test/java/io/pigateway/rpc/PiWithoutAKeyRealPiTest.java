package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.AgentErrorText;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user reads when the real pi has no key for the configured provider. */
class PiWithoutAKeyRealPiTest {

    @Test
    void theRealPisNoKeyErrorBecomesASentenceWithoutPathsOrLoginAdvice() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime runtime = PiTestRuntime.create(llm)) {
            List<String> command = new ArrayList<>(runtime.rpcCommand("--no-session"));
            command.set(command.indexOf("--model") + 1, "anthropic/claude-sonnet-4-5");
            // whatever this machine has, the agent gets no Anthropic credentials
            PiProcessSpec spec = new PiProcessSpec(command, runtime.env(), runtime.workDir(),
                    new AgentEnvironment(Set.of(), Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_OAUTH_TOKEN")));
            PiPool pool = new PiPool("nokey", spec, new PiPoolSettings(0, 1, 60_000, 1, 60_000));
            pool.start();
            try {
                // pi rejects the prompt (the turn never starts); the turn runner shows the same sentence
                String piText;
                try {
                    PiTurnResult result = pool.prompt("nokey", runtime.sessionFile("nokey").toString(), "hello",
                            e -> { }, 60_000).get(90, TimeUnit.SECONDS);
                    assertThat(result.failed()).isTrue();
                    piText = result.errorMessage();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(PiRpcException.class);
                    piText = e.getCause().getMessage();
                }
                assertThat(piText).contains("No API key");
                String shown = AgentErrorText.forUser(piText);
                assertThat(shown).contains("no API key for anthropic", "ANTHROPIC_API_KEY")
                        .doesNotContain("/login", "node_modules", "rejected", runtime.agentDir().toString());
                assertThat(llm.requestCount()).isZero();
            } finally {
                pool.stop();
            }
        }
    }
}
