package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.stream.OutboundUpdate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one turn's answer for a YAML channel: the final text as one message (or, in
 * {@code block} mode, each finished paragraph as its own message) sent through
 * {@code direct:outbound}, which hands it to the channel's {@code direct:outbound-<name>} route.
 * Sends are asynchronous: observers run on pi's event threads and must not block.
 */
final class RouteChannelAnswer implements TurnObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RouteChannelAnswer.class);

    private final ReplyTarget target;
    private final boolean blocks;
    private final ProducerTemplate template;
    private final StringBuilder pending = new StringBuilder();
    private String sessionKey;
    private int segment;

    RouteChannelAnswer(ReplyTarget target, boolean blocks, ProducerTemplate template) {
        this.target = target;
        this.blocks = blocks;
        this.template = template;
    }

    @Override
    public synchronized void onStart(String sessionKey, String runId) {
        this.sessionKey = sessionKey;
    }

    @Override
    public synchronized void onDelta(String text) {
        if (!blocks) {
            return; // the final text carries it all
        }
        pending.append(text);
        int end = pending.lastIndexOf("\n\n");
        if (end > 0) {
            send(pending.substring(0, end).strip());
            pending.delete(0, end + 2);
        }
    }

    @Override
    public synchronized void onFinal(TurnResult result) {
        String text = blocks ? pending.toString().strip() : result.text();
        if (result.sessionKey() != null) {
            sessionKey = result.sessionKey();
        }
        if (text != null && !text.isBlank()) {
            send(text);
        }
    }

    @Override
    public synchronized void onError(String code, String message) {
        send(message);
    }

    private void send(String text) {
        if (text.isEmpty()) {
            return;
        }
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        exchange.getMessage().setBody(new OutboundUpdate.SendText(segment++, text));
        exchange.setProperty(GatewayHeaders.REPLY_TARGET, target);
        if (sessionKey != null) {
            exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, sessionKey);
        }
        template.asyncSend(OutboundRoutes.OUTBOUND, exchange).whenComplete((done, error) -> {
            Exception failure = error instanceof Exception e ? e : done != null ? done.getException() : null;
            if (failure != null) {
                LOG.warn("the answer for {} chat {} was not delivered: {}", target.channel(), target.chatId(),
                        failure.getMessage());
            }
        });
    }
}
