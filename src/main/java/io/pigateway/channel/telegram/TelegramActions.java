package io.pigateway.channel.telegram;

import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.OutboundTexts;

import io.pigateway.channel.telegram.TelegramApiException;
import io.pigateway.channel.telegram.TelegramOutbound;
import io.pigateway.channel.telegram.TelegramOutbound.MediaType;
import io.pigateway.core.ReplyTarget;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent tools on Telegram: texts through the gateway's outbound route (hooks apply), the other
 * actions through the channel's Bot API client.
 */
public final class TelegramActions implements ChatActions {
    private final TelegramOutbound outbound;
    private final OutboundTexts texts;

    public TelegramActions(TelegramOutbound outbound, OutboundTexts texts) {
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
            if (e.getCause() instanceof TelegramApiException refused) {
                throw new ChannelActionException("Telegram refused: " + refused.getMessage());
            }
            throw e;
        }
        return sent.map(id -> Long.toString(id)).orElseThrow(() ->
                new ChannelActionException("not sent: a message_sending hook of the gateway cancelled this message"));
    }

    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        MediaType media;
        try {
            media = MediaType.fromName(type);
        } catch (IllegalArgumentException e) {
            throw new ChannelActionException("unknown media type '" + type + "' (photo, audio, document, video or sticker)");
        }
        return call(() -> Long.toString(outbound.sendMedia(chat, file, media, caption)));
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
            return Long.parseLong(messageId.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ChannelActionException("messageId must be a Telegram message id (a number), not '" + messageId + "'");
        }
    }

    /** Telegram's own refusal ("message to edit not found") is what the agent should read. */
    private static String call(Supplier<String> action) {
        try {
            return action.get();
        } catch (TelegramApiException e) {
            throw new ChannelActionException("Telegram refused: " + e.getMessage());
        }
    }
}
