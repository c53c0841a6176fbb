package io.pigateway.core.channel;

import io.pigateway.core.ReplyTarget;
import java.util.Optional;

/**
 * How the agent's text messages leave: through the gateway's outbound route, like its answers, so
 * {@code message_sending} hooks can rewrite or cancel them and {@code message_sent} hooks see them.
 */
@FunctionalInterface
public interface OutboundTexts {
    /**
     * Sends {@code text} to {@code chat} (replying to {@code replyTo} when not null); returns the sent
     * message's id, or empty when a hook cancelled it. Throws {@link IllegalStateException} with the
     * channel's error as its cause when the channel refused it.
     */
    Optional<Long> send(ReplyTarget chat, String text, Long replyTo);
}
