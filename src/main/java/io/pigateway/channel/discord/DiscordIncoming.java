package io.pigateway.channel.discord;

import io.pigateway.core.InboundMessage;
import java.util.List;

/**
 * A Discord message the gateway takes in: the normalized message, the guild's role (or null) and
 * the attachments still to download.
 */
record DiscordIncoming(InboundMessage message, String role, List<FileRef> files) {

    /** An attachment as Discord announced it. */
    record FileRef(String kind, String url, String fileName, String mimeType, long size) {
    }
}
