package io.pigateway.pipeline;

import io.pigateway.core.ForwardingTurnObserver;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.stream.OutboundUpdate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Puts an edge caller's answer (HTTP API, WebSocket/WebChat) through {@code direct:outbound}
 * before the caller sees it, so {@code message_sending} hooks rewrite or cancel it there as in
 * every other channel and {@code message_sent} hooks see it. Deltas stay on the direct Java path
 * (measured hot path); the final text is what the hooks decide.
 */
final class OutboundFinal extends ForwardingTurnObserver {
    private final ReplyTarget target;
    private final ProducerTemplate template;

    OutboundFinal(TurnObserver caller, ReplyTarget target, ProducerTemplate template) {
        super(caller);
        this.target = target;
        this.template = template;
    }

    @Override
    public void onFinal(TurnResult result) {
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        exchange.getMessage().setBody(new OutboundUpdate.SendText(0, result.text() != null ? result.text() : ""));
        exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, result.sessionKey());
        exchange.setProperty(GatewayHeaders.REPLY_TARGET, target);
        Exchange done = template.send(OutboundRoutes.OUTBOUND, exchange);
        if (done.getException() != null) {
            delegate.onError("internal", "The answer could not be delivered; please try again.");
            return;
        }
        String text = done.getProperty(GatewayHeaders.REJECTED) != null ? ""
                : done.getMessage().getBody() instanceof OutboundUpdate.SendText s ? s.text() : result.text();
        delegate.onFinal(text.equals(result.text()) ? result
                : result.withText(text));
    }
}
