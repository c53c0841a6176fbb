package io.pigateway.core;

import java.nio.file.Path;

/** Where a chat's received files live: {@code <dataDir>/media/<channel>/<account>/<chat>/}, names made file-system-safe. */
public final class MediaFolders {
    private MediaFolders() {
    }

    public static Path chatDir(Path mediaRoot, String channel, String accountId, String chatId) {
        return mediaRoot.resolve(safe(channel)).resolve(safe(accountId != null ? accountId : "default"))
                .resolve(safe(chatId));
    }

    /** No separators, no dot-only names. */
    public static String safe(String s) {
        String cleaned = (s == null ? "x" : s).replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.matches("\\.*") ? "_" + cleaned : cleaned;
    }
}
