package io.pigateway.channel.discord;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.OutboundUpdate.Typing;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The body of {@code direct:outbound-discord}: applies one {@link OutboundUpdate} to the channel of
 * the exchange's {@link ReplyTarget}, remembering message ids per segment so later edits find them.
 */
final class DiscordOutboundProcessor implements Processor {
    private final DiscordOutbound outbound;

    DiscordOutboundProcessor(DiscordOutbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void process(Exchange exchange) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        OutboundUpdate update = exchange.getMessage().getBody(OutboundUpdate.class);
        DiscordAnswer.State state = exchange.getProperty(DiscordAnswer.STATE, DiscordAnswer.State.class);
        if (state == null) {
            state = new DiscordAnswer.State(); // a one-off send (/api/send, the agent's message tool)
        }
        if (update instanceof Typing) {
            outbound.typing(target);
        } else if (update instanceof SendText s) {
            long id = outbound.sendText(target, s.text(), exchange.getMessage().getHeader(GatewayHeaders.REPLY_TO,
                    Long.class));
            state.messageIds.put(s.segment(), id);
            exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, id);
        } else if (update instanceof EditText e) {
            Long id = state.messageIds.get(e.segment());
            if (id == null) {
                sendAnew(exchange, target, state, e); // its send had failed
            } else {
                try {
                    outbound.editText(target, id, e.text());
                } catch (ErrorResponseException gone) {
                    if (gone.getErrorResponse() != ErrorResponse.UNKNOWN_MESSAGE) {
                        throw gone;
                    }
                    sendAnew(exchange, target, state, e); // deleted meanwhile (or a restart's adopted message is gone)
                }
            }
        } else if (!(update instanceof Done) && !(update instanceof DraftText)) {
            throw new IllegalArgumentException("unknown update " + update);
        }
    }

    /** The segment as a new message; its id in the header tells the answer's receipts. */
    private void sendAnew(Exchange exchange, ReplyTarget target, DiscordAnswer.State state, EditText e) {
        long id = outbound.sendText(target, e.text(), null);
        state.messageIds.put(e.segment(), id);
        exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, id);
    }
}
