package io.pigateway.core;

import java.time.Instant;
import java.util.List;

/**
 * One message from any channel, normalized at the edge. The core never looks past these
 * fields, so it never knows which platform it serves.
 *
 * @param channel   channel name, e.g. {@code telegram}, {@code webchat}, {@code api}
 * @param accountId bot/account id within the channel ({@code default} when there is one)
 * @param scope     dm, group, topic, channel or thread
 * @param chatId    the platform's chat / channel id
 * @param threadId  topic or thread id, or null
 * @param senderId  the platform's user id of the author
 * @param mentioned whether the bot was addressed (mention, reply to the bot, or a DM)
 * @param messageId the platform's id of this message, or null
 */
public record InboundMessage(
        String channel,
        String accountId,
        ChatScope scope,
        String chatId,
        String threadId,
        String senderId,
        String senderName,
        String text,
        List<MediaAttachment> media,
        boolean mentioned,
        String messageId,
        Instant receivedAt) {

    public InboundMessage {
        accountId = accountId != null ? accountId : "default";
        text = text != null ? text : "";
        media = media != null ? List.copyOf(media) : List.of();
        receivedAt = receivedAt != null ? receivedAt : Instant.now();
    }

    /** A direct message with only the essentials, as the HTTP API and tests create it. */
    public static InboundMessage direct(String channel, String senderId, String text) {
        return new InboundMessage(channel, null, ChatScope.DM, senderId, null, senderId, null, text, null, true,
                null, null);
    }

    public InboundMessage withText(String newText) {
        return new InboundMessage(channel, accountId, scope, chatId, threadId, senderId, senderName, newText, media,
                mentioned, messageId, receivedAt);
    }

    /** Where an answer to this message goes. */
    public ReplyTarget replyTarget() {
        return new ReplyTarget(channel, accountId, scope, chatId, threadId, messageId);
    }
}
