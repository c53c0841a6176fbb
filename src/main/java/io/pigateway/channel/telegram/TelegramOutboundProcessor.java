package io.pigateway.channel.telegram;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.OutboundUpdate.Typing;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code direct:outbound-telegram}: applies one {@link OutboundUpdate} to the chat of
 * the exchange's {@link ReplyTarget}, remembering message ids per segment so later edits find them.
 */
final class TelegramOutboundProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramOutboundProcessor.class);
    private final TelegramOutbound outbound;

    TelegramOutboundProcessor(TelegramOutbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void process(Exchange exchange) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        if (exchange.getMessage().getBody() instanceof TelegramMedia media) {
            long id = outbound.sendMedia(target, media.file(), media.type(), media.caption());
            exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, id);
            return;
        }
        OutboundUpdate update = exchange.getMessage().getBody(OutboundUpdate.class);
        TelegramAnswer.State state = exchange.getProperty(TelegramAnswer.STATE, TelegramAnswer.State.class);
        if (state == null) {
            state = new TelegramAnswer.State(); // a one-off send (/api/send)
        }
        if (update instanceof Typing) {
            outbound.typing(target);
        } else if (update instanceof SendText s) {
            long id = outbound.sendText(target, s.text(), exchange.getMessage().getHeader(GatewayHeaders.REPLY_TO, Long.class));
            state.messageIds.put(s.segment(), id);
            exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, id);
        } else if (update instanceof EditText e) {
            Long id = state.messageIds.get(e.segment());
            if (id == null) {
                sendAnew(exchange, state, e); // its send had failed
            } else {
                try {
                    outbound.editText(target, id, e.text());
                } catch (TelegramApiException gone) {
                    if (!gone.isMessageToEditNotFound()) {
                        throw gone;
                    }
                    sendAnew(exchange, state, e); // deleted meanwhile (or a restart's adopted message is gone)
                }
            }
        } else if (update instanceof DraftText d) {
            try {
                outbound.draft(target, state.draftId, d.text());
            } catch (TelegramApiException ex) {
                // previews are optional: the final text still comes as a message
                LOG.debug("draft preview failed for chat {}: {}", target.chatId(), ex.getMessage());
            }
        } else if (!(update instanceof Done)) {
            throw new IllegalArgumentException("unknown update " + update);
        }
    }

    /** The segment as a new message; its id in the header tells the answer's receipts. */
    private void sendAnew(Exchange exchange, TelegramAnswer.State state, EditText e) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        long id = outbound.sendText(target, e.text());
        state.messageIds.put(e.segment(), id);
        exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, id);
    }
}
