package io.pigateway.channel.feishu;

import io.pigateway.channel.feishu.FeishuEvent.FileRef;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.MediaFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a message's images and files through the message resources API
 * ({@code GET /open-apis/im/v1/messages/{id}/resources/{key}?type=image|file}) into
 * {@code dataDir/media/feishu/<account>/<chat>/}. A file that cannot be fetched is logged and
 * skipped: one file never blocks the chat.
 */
final class FeishuMediaDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuMediaDownloader.class);
    private final Path mediaDir;
    private final Supplier<FeishuApi> api;

    /** @param api the client in use now (a credentials reload swaps it) */
    FeishuMediaDownloader(Path dataDir, Supplier<FeishuApi> api) {
        this.mediaDir = dataDir.resolve("media");
        this.api = api;
    }

    List<MediaAttachment> download(InboundMessage message, List<FileRef> files) {
        List<MediaAttachment> saved = new ArrayList<>();
        int index = 0;
        for (FileRef f : files) {
            try {
                byte[] bytes = api.get().download("/open-apis/im/v1/messages/" + enc(message.messageId()) + "/resources/"
                        + enc(f.key()) + "?type=" + f.type());
                Path dir = MediaFolders.chatDir(mediaDir, FeishuChannel.NAME, message.accountId(), message.chatId());
                Files.createDirectories(dir);
                String name = f.fileName() != null && !f.fileName().isBlank() ? f.fileName()
                        : f.type() + ("image".equals(f.type()) ? ".jpg" : "");
                Path target = dir.resolve(MediaFolders.safe(message.messageId()) + "-" + index++ + "-"
                        + MediaFolders.safe(name));
                Files.write(target, bytes);
                saved.add(new MediaAttachment("image".equals(f.type()) ? "photo" : "document",
                        target.toAbsolutePath().toString(), "image".equals(f.type()) ? "image/jpeg" : null, f.fileName()));
            } catch (FeishuApiException e) {
                LOG.warn("Feishu {} in chat {} could not be downloaded: {}", f.type(), message.chatId(), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return saved;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
