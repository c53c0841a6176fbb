package io.pigateway.channel.telegram;

import io.pigateway.channel.telegram.TelegramOutbound.MediaType;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.core.channel.NumericIdActions;
import io.pigateway.core.channel.OutboundTexts;
import java.nio.file.Path;

/**
 * The agent tools on Telegram: the other actions than texts go through the channel's Bot API
 * client. Telegram's own refusal ("message to edit not found") is what the agent reads.
 */
public final class TelegramActions extends NumericIdActions {
    private final TelegramOutbound outbound;

    public TelegramActions(TelegramOutbound outbound, OutboundTexts texts) {
        super("Telegram", texts);
        this.outbound = outbound;
    }

    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        MediaType media;
        try {
            media = MediaType.fromName(type);
        } catch (IllegalArgumentException e) {
            throw new ChannelActionException("unknown media type '" + type + "' (photo, audio, document, video or sticker)");
        }
        return refusing(() -> Long.toString(outbound.sendMedia(chat, file, media, caption)));
    }

    @Override
    protected void reactTo(ReplyTarget chat, long messageId, String emoji) {
        outbound.react(chat, messageId, emoji);
    }

    @Override
    protected void editMessage(ReplyTarget chat, long messageId, String text) {
        outbound.editText(chat, messageId, text);
    }

    @Override
    protected void deleteMessage(ReplyTarget chat, long messageId) {
        outbound.delete(chat, messageId);
    }

    @Override
    protected void pinMessage(ReplyTarget chat, long messageId) {
        outbound.pin(chat, messageId);
    }

    @Override
    protected String refusal(Throwable e) {
        return e instanceof TelegramApiException ? e.getMessage() : null;
    }
}
