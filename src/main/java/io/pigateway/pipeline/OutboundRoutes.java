package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code direct:outbound}: every {@link OutboundUpdate} a channel shows passes here (body: the
 * update; property {@link GatewayHeaders#REPLY_TARGET}), runs the {@code message_sending} hooks
 * (which may rewrite or cancel text), goes to the channel's own route
 * ({@code direct:outbound-<channel>}), then runs {@code message_sent}. YAML routes can tap it.
 */
public final class OutboundRoutes extends RouteBuilder {
    public static final String OUTBOUND = "direct:outbound";

    public static final String SEND = "direct:send";

    private final HookRegistry hooks;
    private final java.util.function.Predicate<String> javaChannel;

    /** @param javaChannel whether a channel name is a Java channel (else a YAML channel gets text) */
    public OutboundRoutes(HookRegistry hooks, java.util.function.Predicate<String> javaChannel) {
        this.hooks = hooks;
        this.javaChannel = javaChannel;
    }

    /**
     * A channel's answer part through {@code direct:outbound} (hooks, then the channel's route): the
     * body, where it goes, the session for the hooks, and the channel's own rendering state under
     * {@code stateProperty}. Returns the exchange; its exception, if any, is the channel's refusal.
     */
    public static Exchange deliver(ProducerTemplate template, OutboundUpdate update, ReplyTarget target,
                                   String sessionKey, String stateProperty, Object state) {
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        exchange.getMessage().setBody(update);
        exchange.setProperty(GatewayHeaders.REPLY_TARGET, target);
        exchange.setProperty(stateProperty, state);
        exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, sessionKey); // for the outbound hooks
        return template.send(OUTBOUND, exchange);
    }

    /** Exchange property: the channel an outbound message goes to (set by the outbound route). */
    static final String CHANNEL_PROPERTY = "PiGatewayOutboundChannel";

    /** The per-channel route name. */
    public static String channelEndpoint(String channel) {
        return "direct:outbound-" + channel;
    }

    @Override
    public void configure() {
        from(OUTBOUND).routeId("outbound")
                .process(ex -> runHook(ex, HookPoint.MESSAGE_SENDING))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(this::asTextForRouteChannels)
                // the channel's name as a plain property: "${exchangeProperty.target.channel}" made Camel
                // call channel() through its bean language (reflection) for every part of every answer
                .process(ex -> ex.setProperty(CHANNEL_PROPERTY,
                        ex.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class).channel()))
                .toD("direct:outbound-${exchangeProperty." + CHANNEL_PROPERTY + "}")
                .process(ex -> runHook(ex, HookPoint.MESSAGE_SENT))
                .end();

        // any route, the agent tools and cron send a text with one header: PiGatewayTo
        from(SEND).routeId("send")
                .process(OutboundRoutes::addressed)
                .to(OUTBOUND);
    }

    /** A YAML channel's route gets the text as a String body and the chat in headers. */
    private void asTextForRouteChannels(Exchange exchange) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        if (javaChannel.test(target.channel())) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        String text = body instanceof SendText s ? s.text() : body instanceof EditText e ? e.text()
                : exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(GatewayHeaders.CHAT_ID, target.chatId());
        exchange.getMessage().setHeader(GatewayHeaders.CHANNEL, target.channel());
        exchange.getMessage().setHeader(GatewayHeaders.THREAD_ID, target.threadId());
        exchange.getMessage().setHeader(GatewayHeaders.ACCOUNT_ID, target.accountId());
    }

    /** {@code direct:send}: the String body goes to the {@code PiGatewayTo} address. */
    private static void addressed(Exchange exchange) {
        String to = exchange.getMessage().getHeader(GatewayHeaders.TO, String.class);
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("a message for direct:send needs the header " + GatewayHeaders.TO
                    + " (e.g. telegram:1001)");
        }
        String text = exchange.getMessage().getBody(String.class);
        exchange.setProperty(GatewayHeaders.REPLY_TARGET, io.pigateway.core.channel.ChannelAddress.parse(to.strip()));
        exchange.getMessage().setBody(new SendText(0, text != null ? text : ""));
    }

    private void runHook(Exchange exchange, HookPoint point) {
        if (!hooks.hasAny(point)) {
            return; // every streamed edit passes here: no context is built for nobody
        }
        Object body = exchange.getMessage().getBody();
        OutboundUpdate update = body instanceof OutboundUpdate u ? u : null; // channels may carry media bodies too
        String text = update instanceof SendText s ? s.text() : update instanceof EditText e ? e.text() : null;
        if (text == null) {
            return;
        }
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        Map<String, Object> values = new HashMap<>();
        values.put(HookContext.CHANNEL, target.channel());
        values.put(HookContext.TEXT, text);
        values.put("chatId", target.chatId());
        String key = exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY, String.class);
        values.put(HookContext.SESSION_KEY, key != null ? key : "");
        HookContext context = new HookContext(values);
        hooks.run(point, context);
        if (point != HookPoint.MESSAGE_SENDING) {
            return;
        }
        if (context.isCancelled()) {
            exchange.setProperty(GatewayHeaders.REJECTED, "hook:" + point.id());
        } else if (!text.equals(context.text())) {
            exchange.getMessage().setBody(update instanceof SendText s ? new SendText(s.segment(), context.text())
                    : new EditText(((EditText) update).segment(), context.text()));
        }
    }
}
