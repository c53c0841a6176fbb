package io.pigateway.channel.webchat;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.pipeline.SessionNotices;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The step of WebChat's {@code direct:outbound-webchat} route. Two kinds of text arrive: the final
 * answer of a WebChat turn (addressed to the chat {@value #TURN_CHAT}; the pipeline hands it to the
 * page that asked) and a message sent to {@code webchat:<session key>} (a cron job's announce,
 * {@code /api/send}), which is delivered into that session: kept in its history, pushed to its
 * watching WebChat pages as {@code chat.message}.
 */
final class WebChatDelivery implements Processor {
    /** The chat id every WebChat message carries (a WebChat chat is its session). */
    static final String TURN_CHAT = "webchat";

    private final SessionNotices notices;

    WebChatDelivery(SessionNotices notices) {
        this.notices = notices;
    }

    @Override
    public void process(Exchange exchange) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        if (TURN_CHAT.equals(target.chatId())) {
            return; // a turn's own answer: already on its way to the page that asked
        }
        if (!SessionKeys.isValid(target.chatId())) {
            throw new IllegalArgumentException("a WebChat session is addressed by its key, e.g."
                    + " webchat:agent:main:webchat:dm:abc");
        }
        if (exchange.getMessage().getBody() instanceof OutboundUpdate.SendText send) {
            notices.deliver(target.chatId(), send.text());
        }
    }
}
