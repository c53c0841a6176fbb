package io.pigateway.pipeline;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.OutboundTexts;
import java.nio.file.Path;

/**
 * What the agent tools can do in a YAML channel's chats: send text (through
 * {@code direct:outbound}, to the channel's route); its route has no message ids to edit, react
 * to, pin or delete, and no media path.
 */
final class RouteChannelActions implements ChatActions {
    private final String channel;
    private final OutboundTexts texts;

    RouteChannelActions(String channel, OutboundTexts texts) {
        this.channel = channel;
        this.texts = texts;
    }

    @Override
    public String send(ReplyTarget chat, String text, String replyTo) {
        try {
            return texts.send(chat, text, null).map(id -> "sent").orElseThrow(() -> new ChannelActionException(
                    "not sent: a message_sending hook of the gateway cancelled this message"));
        } catch (IllegalStateException e) {
            throw new ChannelActionException("the " + channel + " route refused the message: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        throw ChatActions.unsupported(channel);
    }

    @Override
    public void react(ReplyTarget chat, String messageId, String emoji) {
        throw ChatActions.unsupported(channel);
    }

    @Override
    public void edit(ReplyTarget chat, String messageId, String text) {
        throw ChatActions.unsupported(channel);
    }

    @Override
    public void delete(ReplyTarget chat, String messageId) {
        throw ChatActions.unsupported(channel);
    }

    @Override
    public void pin(ReplyTarget chat, String messageId) {
        throw ChatActions.unsupported(channel);
    }
}
