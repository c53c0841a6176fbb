package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaQuotaTest {
    @TempDir
    Path chat;
    final Instant now = Instant.parse("2026-06-01T12:00:00Z");

    private Path file(String name, int bytes, Duration age) throws Exception {
        Path p = Files.write(chat.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(p, FileTime.from(now.minus(age)));
        return p;
    }

    @Test
    void expiredFilesGoThenTheOldestUntilUnderQuota() throws Exception {
        Path expired = file("a", 10, Duration.ofDays(8));
        Path oldest = file("b", 60, Duration.ofHours(3));
        Path middle = file("c", 30, Duration.ofHours(2));
        Path newest = file("d", 30, Duration.ofHours(1));

        new MediaQuota(100, Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC)).makeRoom(chat);

        assertThat(expired).doesNotExist();
        assertThat(oldest).doesNotExist(); // 60 + 30 + 30 = 120 >= 100
        assertThat(middle).exists();
        assertThat(newest).exists();
    }

    @Test
    void aMissingFolderIsFine() {
        new MediaQuota(1, Duration.ofDays(1), Clock.systemUTC()).makeRoom(chat.resolve("none"));
        assertThat(chat.resolve("none")).doesNotExist();
    }
}
