package io.pigateway.channel.discord;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.OutboundTexts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;

/**
 * The agent tools on Discord: texts through the gateway's outbound route (hooks apply), the other
 * actions through JDA. Discord's refusal ("Unknown Message") is what the agent reads.
 */
final class DiscordActions implements ChatActions {
    private final DiscordOutbound outbound;
    private final OutboundTexts texts;

    DiscordActions(DiscordOutbound outbound, OutboundTexts texts) {
        this.outbound = outbound;
        this.texts = texts;
    }

    @Override
    public String send(ReplyTarget chat, String text, String replyTo) {
        Long replyToId = replyTo == null ? null : id(replyTo);
        Optional<Long> sent;
        try {
            sent = texts.send(chat, text, replyToId);
        } catch (IllegalStateException e) {
            throw new ChannelActionException("Discord refused: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
        return sent.map(Long::toUnsignedString).orElseThrow(() ->
                new ChannelActionException("not sent: a message_sending hook of the gateway cancelled this message"));
    }

    /** Every media type is a file upload on Discord (images show inline). */
    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        return call(() -> Long.toUnsignedString(outbound.sendFile(chat, file, caption)));
    }

    @Override
    public void react(ReplyTarget chat, String messageId, String emoji) {
        call(() -> {
            outbound.react(chat, id(messageId), emoji);
            return null;
        });
    }

    @Override
    public void edit(ReplyTarget chat, String messageId, String text) {
        call(() -> {
            outbound.editText(chat, id(messageId), text);
            return null;
        });
    }

    @Override
    public void delete(ReplyTarget chat, String messageId) {
        call(() -> {
            outbound.delete(chat, id(messageId));
            return null;
        });
    }

    @Override
    public void pin(ReplyTarget chat, String messageId) {
        call(() -> {
            outbound.pin(chat, id(messageId));
            return null;
        });
    }

    private static long id(String messageId) {
        try {
            return Long.parseUnsignedLong(messageId.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ChannelActionException("messageId must be a Discord message id (a number), not '" + messageId
                    + "'");
        }
    }

    private static String call(Supplier<String> action) {
        try {
            return action.get();
        } catch (ErrorResponseException | PermissionException | IllegalStateException | IllegalArgumentException e) {
            throw new ChannelActionException("Discord refused: " + e.getMessage());
        }
    }
}
