package io.pigateway.channel.webchat;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.pipeline.SessionNotices;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * WebChat as a channel. Its callers watch their turns themselves over the WebSocket, so its
 * observer renders nothing. Its {@code direct:outbound-webchat} route takes two kinds of text: the
 * final answer of a WebChat turn (addressed to the chat {@value #TURN_CHAT}; the caller gets it from
 * the pipeline) and a message sent to {@code webchat:<session key>} (a cron job's announce,
 * {@code /api/send}), which is delivered into that session: kept in its history, pushed to its
 * connected WebChat clients ({@code chat.message}).
 */
final class WebChatChannel implements Channel {
    /** The chat id every WebChat message carries (a WebChat chat is its session). */
    static final String TURN_CHAT = "webchat";

    private final SessionNotices notices;

    WebChatChannel(SessionNotices notices) {
        this.notices = notices;
    }

    @Override
    public String name() {
        return WebChatModule.NAME;
    }

    @Override
    public TurnObserver observerFor(InboundMessage message) {
        return TurnObserver.NONE;
    }

    @Override
    public RoutesBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(OutboundRoutes.channelEndpoint(WebChatModule.NAME)).routeId("outbound-" + WebChatModule.NAME)
                        .process(WebChatChannel.this::deliver);
            }
        };
    }

    private void deliver(Exchange exchange) {
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
