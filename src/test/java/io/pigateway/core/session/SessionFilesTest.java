package io.pigateway.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionFilesTest {

    private final Path dataDir = Path.of("/var/pi-gw");

    @Test
    void fileLivesUnderSessionsWithAReadableName() {
        Path file = SessionFiles.pathFor(dataDir, "agent:main:telegram:dm:42");

        assertThat(file.getParent()).isEqualTo(Path.of("/var/pi-gw/sessions"));
        assertThat(file.getFileName().toString()).matches("agent_main_telegram_dm_42-[0-9a-f]{16}\\.jsonl");
        assertThat(SessionFiles.pathFor(dataDir, "agent:main:telegram:dm:42")).isEqualTo(file);
    }

    @Test
    void keysThatSanitizeAlikeStillGetDifferentFiles() {
        assertThat(SessionFiles.pathFor(dataDir, "agent:main:a:b"))
                .isNotEqualTo(SessionFiles.pathFor(dataDir, "agent:main:a_b"));
        Set<Path> files = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            files.add(SessionFiles.pathFor(dataDir, "agent:main:telegram:dm:" + i));
        }
        assertThat(files).hasSize(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "..", "a/../../b", "agent:main:dm:..\\..\\x", "\u0000"})
    void noKeyEscapesTheSessionsDirectory(String key) {
        Path file = SessionFiles.pathFor(dataDir, key);

        assertThat(file.getParent()).isEqualTo(Path.of("/var/pi-gw/sessions"));
        assertThat(file.getFileName().toString()).endsWith(".jsonl").doesNotContain("/", "\\", "..");
    }

    @Test
    void longKeysGiveBoundedFileNames() {
        Path file = SessionFiles.pathFor(dataDir, "agent:main:dm:" + "x".repeat(500));
        assertThat(file.getFileName().toString().length()).isLessThanOrEqualTo(80 + 1 + 16 + 6);
    }
}
