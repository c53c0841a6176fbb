package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.watchConfig} (default on): an editor's rename-on-save of the config file reloads
 * it; an invalid save is refused and the gateway keeps its config and keeps answering.
 */
class ConfigFileWatchTest {
    private static final String SESSION = "agent:main:api:dm:watch";

    @Test
    void aRenamedOverFileIsReloadedAndAnInvalidOneIsNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "", null, file)) {
            String original = Files.readString(file);

            Files.writeString(file, original.replace("\"max\": 1", "\"max\": \"many\"")); // in place, invalid
            Path saved = dir.resolve(".pi-gateway.jsonc.swp");
            Files.writeString(saved, original.replace("\"model\": \"fake/fake-echo\"", "\"model\": \"fake/fake-backup\""));
            assertThat(gw.chat("while invalid", SESSION).path("reply").asText()).isEqualTo("echo: while invalid");
            Files.move(saved, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(30)).until(() -> gw.get("/api/config", true).body()
                    .contains("fake/fake-backup"));
            llm.clearRequests();
            assertThat(gw.chat("after the save", SESSION).path("reply").asText()).isEqualTo("echo: after the save");
            assertThat(llm.requestedModels()).containsExactly(PiTestRuntime.BACKUP_MODEL);
        }
    }
}
