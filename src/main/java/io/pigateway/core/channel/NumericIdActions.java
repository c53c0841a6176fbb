package io.pigateway.core.channel;

import io.pigateway.core.ReplyTarget;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent tools on a platform whose message ids are numbers (Telegram, Discord): texts leave
 * through the gateway's outbound route (hooks apply), the other actions through the channel's
 * client. What the agent reads when it goes wrong is a sentence: a bad id, a cancelled message, or
 * the platform's own refusal ("Unknown Message", "message to edit not found").
 */
public abstract class NumericIdActions implements ChatActions {
    private final String platform;
    private final OutboundTexts texts;

    /** @param platform the platform's name as the agent reads it ("Telegram") */
    protected NumericIdActions(String platform, OutboundTexts texts) {
        this.platform = platform;
        this.texts = texts;
    }

    /** The platform's refusal text when {@code e} is one, else null (then {@code e} propagates: a bug, not a refusal). */
    protected abstract String refusal(Throwable e);

    protected abstract void reactTo(ReplyTarget chat, long messageId, String emoji);

    protected abstract void editMessage(ReplyTarget chat, long messageId, String text);

    protected abstract void deleteMessage(ReplyTarget chat, long messageId);

    protected abstract void pinMessage(ReplyTarget chat, long messageId);

    @Override
    public final String send(ReplyTarget chat, String text, String replyTo) {
        Long replyToId = replyTo == null ? null : id(replyTo);
        Optional<Long> sent;
        try {
            sent = texts.send(chat, text, replyToId);
        } catch (IllegalStateException e) {
            String refused = refusal(e.getCause() != null ? e.getCause() : e);
            if (refused == null) {
                throw e;
            }
            throw refused(refused);
        }
        return sent.map(Long::toUnsignedString).orElseThrow(() ->
                new ChannelActionException("not sent: a message_sending hook of the gateway cancelled this message"));
    }

    @Override
    public final void react(ReplyTarget chat, String messageId, String emoji) {
        long id = id(messageId);
        call(() -> reactTo(chat, id, emoji));
    }

    @Override
    public final void edit(ReplyTarget chat, String messageId, String text) {
        long id = id(messageId);
        call(() -> editMessage(chat, id, text));
    }

    @Override
    public final void delete(ReplyTarget chat, String messageId) {
        long id = id(messageId);
        call(() -> deleteMessage(chat, id));
    }

    @Override
    public final void pin(ReplyTarget chat, String messageId) {
        long id = id(messageId);
        call(() -> pinMessage(chat, id));
    }

    /** Runs a client call; the platform's refusal becomes what the agent reads. */
    protected final <T> T refusing(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            String refused = refusal(e);
            if (refused == null) {
                throw e;
            }
            throw refused(refused);
        }
    }

    private void call(Runnable action) {
        refusing(() -> {
            action.run();
            return null;
        });
    }

    private ChannelActionException refused(String reason) {
        return new ChannelActionException(platform + " refused: " + reason);
    }

    /** Message ids are positive numbers (Discord's snowflakes use all 64 bits: unsigned). */
    private long id(String messageId) {
        try {
            return Long.parseUnsignedLong(messageId.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ChannelActionException("messageId must be a " + platform + " message id (a number), not '"
                    + messageId + "'");
        }
    }
}
