package io.pigateway.pipeline;

import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.core.channel.ChannelSenders;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.stream.OutboundUpdate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The channels running in this gateway, by name, so the core stays channel-agnostic: the pipeline's
 * default observer and {@code POST /api/send} (as {@link ChannelSenders}) look the channel up here.
 */
public final class ChannelRegistry implements ChannelSenders {

    /** What the core needs from a channel. */
    public interface Channel {
        /** Renders the answer to {@code message} back into its chat. */
        TurnObserver observerFor(InboundMessage message);

        /** Whether the channel has this account (for addresses like {@code telegram:work:123}). */
        boolean hasAccount(String accountId);

        /** The camel endpoint delivering {@link OutboundUpdate}s, e.g. {@code direct:outbound-telegram}. */
        String outboundEndpoint();
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile CamelContext camel;
    private volatile ProducerTemplate template;

    public void register(String name, Channel channel) {
        channels.put(name, channel);
    }

    public Channel get(String name) {
        return channels.get(name);
    }

    /** Binds to the camel context the outbound routes run in (before any send). */
    public void attach(CamelContext context) {
        this.camel = context;
        this.template = context.createProducerTemplate();
    }

    /** The default observer: the message's channel renders the answer; unknown channels get none. */
    public TurnObserver observerFor(InboundMessage message) {
        Channel channel = channels.get(message.channel());
        return channel != null ? channel.observerFor(message) : TurnObserver.NONE;
    }

    /** {@code /api/send}: parses the address and sends the text through {@code direct:outbound}. */
    @Override
    public Optional<Sender> find(String channelName) {
        Channel channel = channels.get(channelName);
        if (channel == null) {
            return Optional.empty();
        }
        return Optional.of((target, text) -> {
            ReplyTarget to = ChannelAddress.parse(channelName + ":" + target);
            if (!channel.hasAccount(to.accountId())) {
                throw new ChannelAddress.UnknownTargetException("no " + channelName + " account '" + to.accountId()
                        + "' is running");
            }
            send(to, text);
        });
    }

    /** Sends one text message to a chat through the outbound route; throws when the channel refused it. */
    public void send(ReplyTarget target, String text) {
        send(target, text, null);
    }

    /**
     * Sends one text message through the outbound route, so {@code message_sending} hooks may rewrite
     * or cancel it and {@code message_sent} hooks see it. Returns the channel's id of the sent
     * message (-1 when it reports none); empty when a hook cancelled it. Throws
     * {@link IllegalStateException} (the channel's error as its cause) when the channel refused it.
     */
    public Optional<Long> send(ReplyTarget target, String text, Long replyTo) {
        Exchange out = new DefaultExchange(camel);
        out.getMessage().setBody(new OutboundUpdate.SendText(0, text));
        if (replyTo != null) {
            out.getMessage().setHeader(GatewayHeaders.REPLY_TO, replyTo);
        }
        out.setProperty(GatewayHeaders.REPLY_TARGET, target);
        Exchange done = template.send(OutboundRoutes.OUTBOUND, out);
        if (done.getException() != null) {
            throw new IllegalStateException("the channel refused the message: " + done.getException().getMessage(),
                    done.getException());
        }
        if (done.getProperty(GatewayHeaders.REJECTED) != null) {
            return Optional.empty();
        }
        return Optional.of(done.getMessage().getHeader(GatewayHeaders.MESSAGE_ID, -1L, Long.class));
    }
}
