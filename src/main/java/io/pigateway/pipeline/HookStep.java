package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs one hook point for the message an exchange carries. For message hooks a hook may
 * rewrite the text (the body is replaced) or cancel (the exchange is marked rejected).
 */
final class HookStep implements Processor {
    private final HookRegistry hooks;
    private final HookPoint point;

    HookStep(HookRegistry hooks, HookPoint point) {
        this.hooks = hooks;
        this.point = point;
    }

    @Override
    public void process(Exchange exchange) {
        if (!hooks.hasAny(point)) {
            return; // every message passes here: no context is built for nobody
        }
        String key = exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY, String.class);
        if (key == null) {
            key = exchange.getMessage().getHeader(io.pigateway.rpc.PiRpcConstants.SESSION_KEY, String.class);
        }
        Object body = exchange.getMessage().getBody();
        InboundMessage message = body instanceof InboundMessage m ? m
                : exchange.getProperty(GatewayHeaders.INBOUND, InboundMessage.class);
        HookContext context = message != null ? HookContext.forMessage(key, message)
                : new HookContext(java.util.Map.of(HookContext.SESSION_KEY, key != null ? key : ""));
        if (point == HookPoint.AGENT_END || point == HookPoint.BEFORE_AGENT_START) {
            context.put("result", body);
        }
        hooks.run(point, context);
        if (context.isCancelled()) {
            exchange.setProperty(GatewayHeaders.REJECTED, "hook:" + point.id());
        } else if (body instanceof InboundMessage && context.message() != null && context.message() != body) {
            exchange.getMessage().setBody(context.message());
        }
    }
}
