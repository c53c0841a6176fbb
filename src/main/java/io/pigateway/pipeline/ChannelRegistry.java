package io.pigateway.pipeline;

import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.channel.ChannelSenders;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.stream.OutboundUpdate;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The channels running in this gateway, by name, so the core stays channel-agnostic: the pipeline's
 * default observer, the agent tools and {@code POST /api/send} (as {@link ChannelSenders}) look the
 * channel up here. A name with no Java channel is a YAML channel when a route consumes
 * {@code direct:outbound-<name>}: its answers go there as text.
 */
public final class ChannelRegistry implements ChannelSenders {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile CamelContext camel;
    private volatile ProducerTemplate template;
    private volatile Function<String, Boolean> blockStreaming = name -> false;

    public void register(Channel channel) {
        if (channels.putIfAbsent(channel.name(), channel) != null) {
            throw new IllegalStateException("two channels are named '" + channel.name() + "'");
        }
    }

    /** Whether a YAML channel's answers go out paragraph by paragraph ({@code channels.<name>.streamingMode: block}). */
    public ChannelRegistry withBlockStreaming(Function<String, Boolean> blockStreaming) {
        this.blockStreaming = blockStreaming;
        return this;
    }

    /** Whether {@code name} is a Java channel (its outbound route takes {@link OutboundUpdate}s, not text). */
    public boolean isJavaChannel(String name) {
        return channels.containsKey(name);
    }

    public java.util.Collection<Channel> all() {
        return channels.values();
    }

    /** What the agent tools can do in {@code name}'s chats. */
    public ChatActions actions(String name) {
        Channel channel = channels.get(name);
        if (channel != null) {
            return channel.actions();
        }
        return hasRouteChannel(name) ? new RouteChannelActions(name, this::send) : ChatActions.none(name);
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
        if (channel != null) {
            return channel.observerFor(message);
        }
        return new RouteChannelAnswer(message.replyTarget(), blockStreaming.apply(message.channel()), template);
    }

    /** {@code /api/send}: parses the address and sends the text through {@code direct:outbound}. */
    @Override
    public Optional<Sender> find(String channelName) {
        Channel channel = channels.get(channelName);
        if (channel == null && !hasRouteChannel(channelName)) {
            return Optional.empty();
        }
        return Optional.of((target, text) -> {
            ReplyTarget to = ChannelAddress.parse(channelName + ":" + target);
            if (channel != null && !channel.hasAccount(to.accountId())) {
                throw new ChannelAddress.UnknownTargetException("no " + channelName + " account '" + to.accountId()
                        + "' is running");
            }
            send(to, text);
        });
    }

    /**
     * The inbound route's channel step: the mention gate (a group message that does not address
     * the bot is dropped when its channel requires mentions; commands pass, they address bots) and
     * the role the channel binds to the chat, unless the caller chose one.
     */
    public void applyChannelRules(Exchange exchange) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        Channel channel = channels.get(message.channel());
        if (channel == null) {
            return;
        }
        if (message.scope() != io.pigateway.core.ChatScope.DM && !message.mentioned()
                && !message.text().startsWith("/") && channel.requiresMention(message)) {
            exchange.setProperty(GatewayHeaders.REJECTED, "mention");
            return;
        }
        if (exchange.getMessage().getHeader(GatewayHeaders.ROLE) == null) {
            String role = channel.roleFor(message);
            if (role != null) {
                exchange.getMessage().setHeader(GatewayHeaders.ROLE, role);
            }
        }
    }

    /** Whether a route consumes {@code direct:outbound-<name>} (a YAML channel). */
    public boolean hasRouteChannel(String name) {
        String uri = "direct://" + OutboundRoutes.channelEndpoint(name).substring("direct:".length());
        return camel != null && camel.getRoutes().stream()
                .anyMatch(r -> r.getEndpoint() != null && uri.equals(r.getEndpoint().getEndpointUri()));
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
