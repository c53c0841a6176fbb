package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.app.PiSetup;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} asks every model of the failover chain for an answer, with the real pi. */
class DoctorFallbackModelsTest {
    @Test
    void everyFallbackModelIsChecked(@TempDir Path dataDir) {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm)) {
            llm.failModel(PiTestRuntime.BACKUP_MODEL, 400);
            GatewayConfig config = ConfigLoader.parse("""
                    { "gateway": { "dataDir": "%s" },
                      "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s", "sandbox": "none",
                                 "runtime": { "agentDir": "%s" },
                                 "modelFailover": { "fallbacks": ["fake/fake-backup"] } } }
                    """.formatted(dataDir, pi.piCli(), pi.workDir(), pi.agentDir()), Map.of());

            List<CheckResult> models = PiSetup.doctorChecks(config, dataDir).stream()
                    .filter(c -> c.name().startsWith("model")).toList();

            assertThat(models).extracting(CheckResult::name, CheckResult::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("model fake/fake-echo", CheckResult.Status.OK),
                    org.assertj.core.groups.Tuple.tuple("model fake/fake-backup", CheckResult.Status.FAIL));
        }
    }
}
