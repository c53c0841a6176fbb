package io.pigateway.app;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels running in this gateway, by name, so the core stays channel-agnostic: the pipeline's
 * default observer and {@code /api/send} look the channel up here.
 */
public final class ChannelRegistry {

    /** What the core needs from a channel. */
    public interface Channel {
        /** Renders the answer to {@code message} back into its chat. */
        TurnObserver observerFor(InboundMessage message);

        /** Whether the channel has this account (for addresses like {@code telegram:work:123}). */
        boolean hasAccount(String accountId);

        /** The camel endpoint delivering {@link io.pigateway.core.stream.OutboundUpdate}s, e.g. {@code direct:outbound-telegram}. */
        String outboundEndpoint();
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    public void register(String name, Channel channel) {
        channels.put(name, channel);
    }

    public Channel get(String name) {
        return channels.get(name);
    }

    /** The default observer: the message's channel renders the answer; unknown channels get none. */
    public TurnObserver observerFor(InboundMessage message) {
        Channel channel = channels.get(message.channel());
        return channel != null ? channel.observerFor(message) : TurnObserver.NONE;
    }

    /** True when the target's channel and account exist. */
    public boolean canDeliver(ReplyTarget target) {
        Channel channel = channels.get(target.channel());
        return channel != null && channel.hasAccount(target.accountId());
    }
}
