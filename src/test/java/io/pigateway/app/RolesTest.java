package io.pigateway.app;

import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.FutureObserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.InboundMessage;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role's turns run on pi processes that load the role's capabilities (here: a skill). */
class RolesTest {
    @TempDir
    Path dir;

    @Test
    void aRoleTurnRunsOnTheRolePoolWithTheRoleSkill() throws Exception {
        Path skill = Files.createDirectories(dir.resolve("skills/mentor"));
        Files.writeString(skill.resolve("SKILL.md"), """
                ---
                name: mentor-coaching
                description: Coach the user like a patient mentor (role skill marker 7731).
                ---
                Ask one question at a time.
                """);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "",
                     "\"roles\": { \"capabilities\": { \"mentor\": { \"skills\": [\"" + skill + "\"] } } }")) {
            GatewayService service = gw.runtime().service();
            FutureObserver plain = new FutureObserver();
            service.submit(InboundMessage.direct("api", "u1", "no role"), null, plain);
            assertThat(plain.future().get(60, TimeUnit.SECONDS).text()).isEqualTo("echo: no role");
            assertThat(FakeLlmServer.allText(llm.requests().get(llm.requestCount() - 1))).doesNotContain("7731");

            FutureObserver mentored = new FutureObserver();
            service.submit(InboundMessage.direct("api", "u2", "with a role"), null, mentored, "mentor");
            assertThat(mentored.future().get(60, TimeUnit.SECONDS).text()).isEqualTo("echo: with a role");
            assertThat(FakeLlmServer.allText(llm.requests().get(llm.requestCount() - 1))).contains("7731");
            org.awaitility.Awaitility.await().until(
                    () -> gw.runtime().pi().getPool("role-mentor").stats().turnsServed() == 1);

            // an unknown role falls back to the default agent instead of failing the turn
            FutureObserver unknown = new FutureObserver();
            service.submit(InboundMessage.direct("api", "u3", "unknown role"), null, unknown, "nobody");
            assertThat(unknown.future().get(60, TimeUnit.SECONDS).text()).isEqualTo("echo: unknown role");
        }
    }
}
