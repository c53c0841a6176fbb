package io.pigateway.core.channel;


import io.pigateway.core.ReplyTarget;
import java.nio.file.Path;

/**
 * What the agent tools can do in a chat of one channel. Message ids are the platform's, as text.
 * A channel that lacks an action answers {@link #unsupported}; the tool turns that into
 * "not supported on &lt;channel&gt;".
 */
public interface ChatActions {
    /** Sends text (a reply to {@code replyTo} when not null); returns the new message id. */
    String send(ReplyTarget chat, String text, String replyTo);

    /** Sends a local file as photo, audio, document, video or sticker; returns the new message id. */
    String sendMedia(ReplyTarget chat, Path file, String type, String caption);

    void react(ReplyTarget chat, String messageId, String emoji);

    void edit(ReplyTarget chat, String messageId, String text);

    void delete(ReplyTarget chat, String messageId);

    void pin(ReplyTarget chat, String messageId);

    static ChannelActionException unsupported(String channel) {
        return new ChannelActionException("not supported on " + channel);
    }

    /** A channel the tools cannot act on (webchat, api): every action is refused. */
    static ChatActions none(String channel) {
        return new ChatActions() {
            @Override
            public String send(ReplyTarget chat, String text, String replyTo) {
                throw unsupported(channel);
            }

            @Override
            public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
                throw unsupported(channel);
            }

            @Override
            public void react(ReplyTarget chat, String messageId, String emoji) {
                throw unsupported(channel);
            }

            @Override
            public void edit(ReplyTarget chat, String messageId, String text) {
                throw unsupported(channel);
            }

            @Override
            public void delete(ReplyTarget chat, String messageId) {
                throw unsupported(channel);
            }

            @Override
            public void pin(ReplyTarget chat, String messageId) {
                throw unsupported(channel);
            }
        };
    }
}
