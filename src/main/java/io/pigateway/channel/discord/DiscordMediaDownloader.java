package io.pigateway.channel.discord;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.MediaFolders;
import io.pigateway.security.ssrf.GuardedFetcher;
import io.pigateway.security.ssrf.SsrfGuard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a message's attachments into {@code dataDir/media/discord/<account>/<chat>/}: only
 * from the configured CDN hosts ({@code cdnHosts}), only up to {@code mediaMaxMb}, and through
 * the SSRF-guarded fetcher (an attachment URL is data from the network, never trusted). A file
 * that cannot be fetched is logged and skipped: one bad file never blocks the chat.
 */
final class DiscordMediaDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordMediaDownloader.class);

    private final Path mediaDir;
    private final GuardedFetcher fetcher;
    private final Supplier<List<String>> cdnHosts;
    private final Supplier<Long> maxBytes;

    DiscordMediaDownloader(Path dataDir, GuardedFetcher fetcher, Supplier<List<String>> cdnHosts,
                           Supplier<Long> maxBytes) {
        this.mediaDir = dataDir.resolve("media");
        this.fetcher = fetcher;
        this.cdnHosts = cdnHosts;
        this.maxBytes = maxBytes;
    }

    List<MediaAttachment> download(InboundMessage message, List<DiscordIncoming.FileRef> files) {
        List<MediaAttachment> saved = new ArrayList<>();
        int index = 0;
        for (DiscordIncoming.FileRef f : files) {
            try {
                saved.add(fetch(message, f, index++));
            } catch (IOException | SsrfGuard.BlockedException | IllegalArgumentException e) {
                LOG.warn("Discord attachment {} in channel {} was not downloaded: {}", f.fileName(), message.chatId(),
                        e.getMessage());
            }
        }
        return saved;
    }

    private MediaAttachment fetch(InboundMessage message, DiscordIncoming.FileRef f, int index)
            throws IOException, SsrfGuard.BlockedException {
        URI url = URI.create(f.url());
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (cdnHosts.get().stream().noneMatch(h -> h.equalsIgnoreCase(host))) {
            throw new IllegalArgumentException("host " + host + " is not one of channels.discord.cdnHosts");
        }
        if (f.size() > maxBytes.get()) {
            throw new IOException("the file is larger than mediaMaxMb");
        }
        Path chatDir = MediaFolders.chatDir(mediaDir, DiscordChannel.NAME, message.accountId(), message.chatId());
        GuardedFetcher.Fetched fetched = fetcher.fetch(f.url(), chatDir);
        Path target = chatDir.resolve(MediaFolders.safe(message.messageId()) + "-" + index + "-"
                + MediaFolders.safe(f.fileName()));
        Files.move(fetched.file(), target, StandardCopyOption.REPLACE_EXISTING);
        String mime = f.mimeType() != null ? f.mimeType() : fetched.contentType();
        return new MediaAttachment(f.kind(), target.toAbsolutePath().toString(), mime, f.fileName());
    }
}
