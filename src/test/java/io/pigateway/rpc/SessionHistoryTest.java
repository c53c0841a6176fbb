package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionHistoryTest {
    @TempDir
    Path dir;

    @Test
    void readsTheCurrentBranchsUserAndAssistantMessages() throws IOException {
        Path file = dir.resolve("s.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"session\",\"version\":3,\"id\":\"sess\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"cwd\":\"/x\"}",
                "{\"type\":\"model_change\",\"id\":\"a\",\"parentId\":null,\"provider\":\"fake\",\"modelId\":\"m\"}",
                "{\"type\":\"message\",\"id\":\"b\",\"parentId\":\"a\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"timestamp\":1000}}",
                "{\"type\":\"message\",\"id\":\"c\",\"parentId\":\"b\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"old branch\"}]}}",
                "not json",
                "{\"type\":\"message\",\"id\":\"d\",\"parentId\":\"b\",\"timestamp\":\"2026-01-01T00:00:02Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"echo: hi\"}]}}",
                "{\"type\":\"message\",\"id\":\"e\",\"parentId\":\"d\",\"message\":{\"role\":\"toolResult\",\"content\":[{\"type\":\"text\",\"text\":\"tool\"}]}}",
                "{\"type\":\"message\",\"id\":\"f\",\"parentId\":\"e\",\"message\":{\"role\":\"user\",\"content\":\"plain string\"}}"));
        var messages = SessionHistory.recent(file, 10);
        assertThat(messages).extracting(SessionHistory.Message::role).containsExactly("user", "assistant", "user");
        assertThat(messages).extracting(SessionHistory.Message::text).containsExactly("hi", "echo: hi", "plain string");
        assertThat(messages.get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(messages.get(1).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(SessionHistory.recent(file, 2)).extracting(SessionHistory.Message::text).containsExactly("echo: hi", "plain string");
    }

    @Test
    void missingFileIsAnEmptyHistory() {
        assertThat(SessionHistory.recent(dir.resolve("none.jsonl"), 10)).isEmpty();
    }
}
