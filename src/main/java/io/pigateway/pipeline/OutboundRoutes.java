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
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code direct:outbound}: every {@link OutboundUpdate} a channel shows passes here (body: the
 * update; property {@link GatewayHeaders#REPLY_TARGET}), runs the {@code message_sending} hooks
 * (which may rewrite or cancel text), goes to the channel's own route
 * ({@code direct:outbound-<channel>}), then runs {@code message_sent}. YAML routes can tap it.
 */
public final class OutboundRoutes extends RouteBuilder {
    public static final String OUTBOUND = "direct:outbound";

    private final HookRegistry hooks;

    public OutboundRoutes(HookRegistry hooks) {
        this.hooks = hooks;
    }

    /** The per-channel route name. */
    public static String channelEndpoint(String channel) {
        return "direct:outbound-" + channel;
    }

    @Override
    public void configure() {
        from(OUTBOUND).routeId("outbound")
                .process(ex -> runHook(ex, HookPoint.MESSAGE_SENDING))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .toD("direct:outbound-${exchangeProperty." + GatewayHeaders.REPLY_TARGET + ".channel}")
                .process(ex -> runHook(ex, HookPoint.MESSAGE_SENT))
                .end();
    }

    private void runHook(Exchange exchange, HookPoint point) {
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
