package io.pigateway.channel.feishu;

import io.pigateway.channel.feishu.FeishuAnswerState.Kind;
import io.pigateway.channel.feishu.FeishuAnswerState.Segment;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code direct:outbound-feishu}: applies one {@link OutboundUpdate} to the chat. A
 * streaming answer's segment becomes a CardKit card (created in streaming mode, sent as an
 * interactive reply, its text streamed with growing sequences, streaming closed at the end); when
 * CardKit is refused, an interactive card patched in place; when that is refused too, the text is
 * held and sent once at the end. Anything else (off mode, {@code /api/send}) is a post.
 */
final class FeishuOutboundProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuOutboundProcessor.class);
    private final Supplier<FeishuOutbound> current;

    /** @param current the client in use now, for one-off sends (an answer keeps the one it started with) */
    FeishuOutboundProcessor(Supplier<FeishuOutbound> current) {
        this.current = current;
    }

    @Override
    public void process(Exchange exchange) {
        ReplyTarget target = exchange.getProperty(GatewayHeaders.REPLY_TARGET, ReplyTarget.class);
        OutboundUpdate update = exchange.getMessage().getBody(OutboundUpdate.class);
        FeishuAnswerState state = exchange.getProperty(FeishuAnswer.STATE, FeishuAnswerState.class);
        if (state == null) {
            state = new FeishuAnswerState(false, current.get()); // a one-off send (/api/send, the agent's send_message)
        }
        FeishuOutbound outbound = state.outbound;
        String replyTo = exchange.getMessage().getHeader(FeishuChannel.REPLY_TO, String.class);
        if (update instanceof SendText s) {
            Segment segment = show(outbound, target, state, s.text(), replyTo);
            state.segments.put(s.segment(), segment);
            exchange.getMessage().setHeader(FeishuChannel.MESSAGE_ID, segment.messageId);
        } else if (update instanceof EditText e) {
            Segment segment = state.segments.get(e.segment());
            if (segment == null) { // its send had failed: sent now, its id tells the answer's receipts
                Segment shown = show(outbound, target, state, e.text(), null);
                state.segments.put(e.segment(), shown);
                exchange.getMessage().setHeader(FeishuChannel.MESSAGE_ID, shown.messageId);
            } else {
                edit(outbound, segment, e.text());
            }
        } else if (update instanceof Done) {
            state.segments.values().forEach(segment -> finish(outbound, target, segment));
        }
        // Typing and drafts: Feishu has no typing indicator, and partial streams into the card
    }

    private static Segment show(FeishuOutbound outbound, ReplyTarget target, FeishuAnswerState state, String text, String replyTo) {
        if (!state.streaming) {
            return new Segment(Kind.TEXT, outbound.sendText(target, text, replyTo), null, text);
        }
        if (!state.cardKitRefused) {
            String cardId;
            try {
                cardId = outbound.createStreamingCard(text);
            } catch (FeishuApiException e) {
                LOG.info("CardKit refused a streaming card in Feishu chat {} ({}); patching an interactive card instead",
                        target.chatId(), e.getMessage());
                state.cardKitRefused = true;
                cardId = null;
            }
            if (cardId != null) {
                String messageId = outbound.sendCard(target, replyTo, FeishuOutbound.cardReference(cardId));
                return new Segment(Kind.CARDKIT, messageId, cardId, text);
            }
        }
        try {
            return new Segment(Kind.PATCHED_CARD, outbound.sendCard(target, replyTo, FeishuOutbound.markdownCard(text)),
                    null, text);
        } catch (FeishuApiException e) {
            LOG.info("Feishu refused an interactive card in chat {} ({}); the final text follows at the end",
                    target.chatId(), e.getMessage());
            return new Segment(Kind.HELD_TEXT, null, null, text);
        }
    }

    private static void edit(FeishuOutbound outbound, Segment segment, String text) {
        if (text.equals(segment.text)) {
            return;
        }
        switch (segment.kind) {
            case CARDKIT -> outbound.streamContent(segment.cardId, text, ++segment.sequence);
            case PATCHED_CARD -> outbound.patchCard(segment.messageId, FeishuOutbound.markdownCard(text));
            case TEXT -> outbound.editText(segment.messageId, text);
            case HELD_TEXT -> {
            }
        }
        segment.text = text; // only once shown: a failed edit is tried again with the next text
    }

    private static void finish(FeishuOutbound outbound, ReplyTarget target, Segment segment) {
        if (segment.kind == Kind.CARDKIT) {
            try {
                outbound.closeStreaming(segment.cardId, ++segment.sequence);
            } catch (FeishuApiException e) {
                LOG.debug("could not close the streaming card {}: {}", segment.cardId, e.getMessage());
            }
        } else if (segment.kind == Kind.HELD_TEXT) {
            outbound.sendText(target, segment.text, null);
        }
    }
}
