package io.pigateway.channel.telegram;

import io.pigateway.channel.telegram.TelegramUpdate.FileRef;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.MediaFolders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fetches a message's files ({@code getFile} + download) into {@code dataDir/media/telegram/<account>/<chat>/}. */
final class TelegramMediaDownloader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TelegramMediaDownloader.class);
    private final Path mediaDir;
    private final TelegramRetry retry;
    private final MediaQuota quota;

    TelegramMediaDownloader(Path dataDir, TelegramRetry retry, MediaQuota quota) {
        this.mediaDir = dataDir.resolve("media");
        this.retry = retry;
        this.quota = quota;
    }

    List<MediaAttachment> download(TelegramBotApi api, InboundMessage message, List<FileRef> files) {
        List<MediaAttachment> saved = new ArrayList<>();
        int index = 0;
        for (FileRef f : files) {
            try {
                saved.add(fetch(api, message, f, index++));
            } catch (TelegramApiException e) {
                if (e.isRetryable()) {
                    throw e; // the update is delivered again later
                }
                // e.g. "file is too big" (Bot API limit 20 MB): never block the chat on one file
                LOG.warn("Telegram {} in chat {} could not be downloaded: {}", f.kind(), message.chatId(),
                        e.getMessage());
            }
        }
        return saved;
    }

    private MediaAttachment fetch(TelegramBotApi api, InboundMessage message, FileRef f, int index) {
        var params = api.params().put("file_id", f.fileId());
        String filePath = retry.run("getFile", () -> api.call("getFile", params)).path("file_path").asText();
        Path chatDir = MediaFolders.chatDir(mediaDir, "telegram", message.accountId(), message.chatId());
        quota.makeRoom(chatDir);
        Path target = chatDir.resolve(safe(message.messageId()) + "-" + index + "-" + fileName(f, filePath));
        retry.run("download", () -> {
            api.download(filePath, target);
            return null;
        });
        return new MediaAttachment(f.kind(), target.toAbsolutePath().toString(), f.mimeType(), f.fileName());
    }

    private static String fileName(FileRef f, String filePath) {
        if (f.fileName() != null && !f.fileName().isBlank()) {
            return safe(f.fileName());
        }
        String ext = filePath.contains(".") ? filePath.substring(filePath.lastIndexOf('.')) : "";
        return f.kind() + safe(ext);
    }

    private static String safe(String s) {
        return MediaFolders.safe(s);
    }
}
