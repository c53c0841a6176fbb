package io.pigateway.channel.telegram;

import io.pigateway.core.InboundMessage;
import java.util.List;

/**
 * One Telegram update as the gateway sees it: a message for the agent, a command, or nothing to do.
 *
 * @param message the normalized message (text without the bot mention; media not yet downloaded)
 * @param files   files to fetch with getFile before the message goes on
 * @param command for {@link Kind#COMMAND}: the command name without slash and bot suffix ({@code new})
 * @param role    the role configured for the group ({@code groups.{chatId}.role}), or null
 */
public record TelegramUpdate(Kind kind, long updateId, InboundMessage message, List<FileRef> files, String command,
                             String role) {

    public enum Kind { MESSAGE, COMMAND, IGNORED }

    /** A file Telegram holds for us. {@code kind}: photo, document, voice, audio, video. */
    public record FileRef(String kind, String fileId, String fileName, String mimeType) {
    }

    public static TelegramUpdate ignored(long updateId) {
        return new TelegramUpdate(Kind.IGNORED, updateId, null, List.of(), null, null);
    }
}
