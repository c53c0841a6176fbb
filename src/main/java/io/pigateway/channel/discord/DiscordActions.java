package io.pigateway.channel.discord;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.NumericIdActions;
import io.pigateway.core.channel.OutboundTexts;
import java.nio.file.Path;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;

/**
 * The agent tools on Discord: the other actions than texts go through JDA. Discord's refusal
 * ("Unknown Message", a missing permission) is what the agent reads.
 */
final class DiscordActions extends NumericIdActions {
    private final DiscordOutbound outbound;

    DiscordActions(DiscordOutbound outbound, OutboundTexts texts) {
        super("Discord", texts);
        this.outbound = outbound;
    }

    /** Every media type is a file upload on Discord (images show inline). */
    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        return refusing(() -> Long.toUnsignedString(outbound.sendFile(chat, file, caption)));
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

    /** JDA's refusals; also "not connected" and a bad emoji, which the agent can act on. */
    @Override
    protected String refusal(Throwable e) {
        return e instanceof ErrorResponseException || e instanceof PermissionException
                || e instanceof IllegalStateException || e instanceof IllegalArgumentException ? e.getMessage() : null;
    }
}
