package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.rpc.PiPoolSettings;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a real gateway, {@code camel.component.pi-rpc.*} in the camel-main properties file wins over
 * {@code agent.pool}, and the main pool is already warm (created) when the gateway has started.
 * A reload changes a pool setting only when its config key changed, so the properties keep winning.
 * Pool min 0: no pi process is spawned.
 */
class PiPoolPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void camelPropertiesSizeTheMainPool() throws Exception {
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, "camel.component.pi-rpc.poolMax = 3\ncamel.component.pi-rpc.maxWaiting = 17\n");
        try (PiTestRuntime pi = PiTestRuntime.create("http://127.0.0.1:9/v1");
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 2,
                     "\"camelProperties\": \"" + properties + "\",", "", "")) {
            PiPoolSettings main = gw.runtime().pi().getPool("main").settings();
            assertThat(main.max()).as("from the properties file").isEqualTo(3);
            assertThat(main.maxWaiting()).isEqualTo(17);
            assertThat(main.min()).as("from agent.pool").isZero();
        }
    }

    @Test
    void aReloadKeepsThePropertiesOfKeysItDidNotChange() throws Exception {
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, "camel.component.pi-rpc.poolMax = 3\ncamel.component.pi-rpc.maxWaiting = 17\n");
        Path file = dir.resolve("pi-gateway.jsonc");
        try (PiTestRuntime pi = PiTestRuntime.create("http://127.0.0.1:9/v1");
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 2,
                     "\"camelProperties\": \"" + properties + "\",", "", "", file)) {
            Files.writeString(file, Files.readString(file).replace("\"idleTimeoutMs\": 300000", "\"idleTimeoutMs\": 123000")
                    .replace("\"turnTimeoutMs\": 60000", "\"turnTimeoutMs\": 45000")
                    .replace("\"model\": \"fake/fake-echo\"", "\"model\": \"fake/fake-backup\""));

            String answer = gw.post("/api/config/reload", "{}").body();

            assertThat(answer).contains("agent.pool.idleTimeoutMs", "agent.turnTimeoutMs", "agent.model");
            PiPoolSettings main = gw.runtime().pi().getPool("main").settings();
            assertThat(main.max()).as("still the properties file's, agent.pool.max did not change").isEqualTo(3);
            assertThat(main.maxWaiting()).isEqualTo(17);
            assertThat(main.idleTimeoutMs()).as("changed in the config").isEqualTo(123_000);
            assertThat(main.turnTimeoutMs()).isEqualTo(45_000);
            assertThat(main.min()).isZero();
        }
    }
}
