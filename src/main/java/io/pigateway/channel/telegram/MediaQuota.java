package io.pigateway.channel.telegram;

import io.pigateway.config.ChannelsConfig.TelegramConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bounds one chat's media folder before a new file lands in it: files older than the retention are
 * deleted, then the oldest until the folder is under its quota. One chat cannot fill the disk, and
 * nothing is kept forever ({@code channels.telegram.mediaMaxMbPerChat}, {@code mediaRetentionDays}).
 */
final class MediaQuota {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MediaQuota.class);

    private final long maxBytes;
    private final Duration retention;
    private final Clock clock;

    MediaQuota(long maxBytes, Duration retention, Clock clock) {
        this.maxBytes = maxBytes;
        this.retention = retention;
        this.clock = clock;
    }

    static MediaQuota of(TelegramConfig config) {
        return new MediaQuota(config.mediaMaxMbPerChat() * 1024L * 1024L, Duration.ofDays(config.mediaRetentionDays()),
                Clock.systemUTC());
    }

    /** Deletes expired files of {@code chatDir}, then the oldest while the folder is at or above its quota. */
    void makeRoom(Path chatDir) {
        if (!Files.isDirectory(chatDir)) {
            return;
        }
        List<Entry> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(chatDir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (Files.isRegularFile(p)) {
                    files.add(new Entry(p, Files.getLastModifiedTime(p), Files.size(p)));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list media folder {}: {}", chatDir, e.getMessage());
            return;
        }
        files.sort(Comparator.comparing(Entry::modified));
        FileTime cutoff = FileTime.from(clock.instant().minus(retention));
        long total = files.stream().mapToLong(Entry::size).sum();
        for (Entry f : files) {
            if (f.modified().compareTo(cutoff) >= 0 && total < maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(f.path());
                total -= f.size();
            } catch (IOException e) {
                LOG.warn("cannot delete old media file {}: {}", f.path(), e.getMessage());
            }
        }
    }

    private record Entry(Path path, FileTime modified, long size) {
    }
}
