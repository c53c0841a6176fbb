package io.pigateway.channel.feishu;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.RenderedAnswer;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.StreamRenderer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.pipeline.OutboundRoutes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows one answer in a Feishu chat: a {@link StreamRenderer} ({@code partial}: one card per
 * 4000 characters, edited in place; {@code off}: the final text) turns the turn into
 * {@link OutboundUpdate}s, delivered through {@code direct:outbound} one after another on an
 * executor. Edits that pile up behind a slow call collapse into the latest per segment, which
 * paces the card to the API instead of queueing stale text.
 */
final class FeishuAnswer extends RenderedAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuAnswer.class);
    /** Property: the {@link FeishuAnswerState} of the answer an update belongs to. */
    static final String STATE = "PiGatewayFeishuAnswer";
    static final long MIN_EDIT_INTERVAL_MS = 400;

    private final ReplyTarget target;
    private final ProducerTemplate template;
    private final Executor executor;
    private final StreamRenderer renderer;
    private final FeishuAnswerState state;
    private final Map<Integer, EditText> pendingEdits = new HashMap<>();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile AnswerReceipts receipts;

    FeishuAnswer(ReplyTarget target, StreamingMode mode, FeishuOutbound outbound, ProducerTemplate template,
                 Executor executor) {
        this.target = target;
        this.template = template;
        this.executor = executor;
        boolean streaming = mode != StreamingMode.OFF;
        this.state = new FeishuAnswerState(streaming, outbound);
        this.renderer = new StreamRenderer(streaming ? StreamingMode.PARTIAL : StreamingMode.OFF,
                FeishuOutbound.TEXT_LIMIT, MIN_EDIT_INTERVAL_MS, System::currentTimeMillis, this::enqueue);
    }

    /** Parts are recorded ({@link OutboundReceipts}); a re-run edits the messages its first run showed. */
    FeishuAnswer withReceipts(AnswerReceipts receipts) {
        this.receipts = receipts;
        receipts.adoptedMessageIds().forEach((segment, id) -> {
            FeishuAnswerState.Segment adopted = FeishuAnswerState.adopted(id);
            if (adopted != null) {
                state.segments.put(segment, adopted);
            }
        });
        return this;
    }

    /** Marks an answer a crash cut short (and that is not re-run): its messages say so. */
    void markInterrupted() {
        receipts.interruptedUpdates().forEach(this::enqueue);
    }

    private synchronized void enqueue(OutboundUpdate update) {
        if (update instanceof EditText edit) {
            if (pendingEdits.put(edit.segment(), edit) != null) {
                return; // a delivery for this segment is already queued: it will take the newest text
            }
            tail = tail.thenRunAsync(() -> deliver(takeEdit(edit.segment())), executor);
            return;
        }
        tail = tail.thenRunAsync(() -> deliver(update), executor);
    }

    private synchronized EditText takeEdit(int segment) {
        return pendingEdits.remove(segment);
    }

    private void deliver(OutboundUpdate update) {
        if (update == null) {
            return;
        }
        Exchange done = receipts == null ? send(update) : receipts.deliver(update, sessionKey(), this::send);
        if (done != null && done.getException() != null) {
            LOG.warn("could not deliver {} to Feishu chat {}: {}", update.getClass().getSimpleName(), target.chatId(),
                    done.getException().getMessage());
        }
    }

    /** One update through {@code direct:outbound}; a new message's id is told to the receipts as text. */
    private Exchange send(OutboundUpdate update) {
        Exchange done = OutboundRoutes.deliver(template, update, target, sessionKey(), STATE, state);
        Integer segment = update instanceof SendText s ? Integer.valueOf(s.segment())
                : update instanceof EditText e ? Integer.valueOf(e.segment()) : null;
        if (segment != null && done.getMessage().getHeader(FeishuChannel.MESSAGE_ID) != null) {
            String receiptId = FeishuAnswerState.receiptId(state.segments.get(segment));
            done.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, receiptId);
        }
        return done;
    }

    @Override
    protected StreamRenderer renderer() {
        return renderer;
    }

    @Override
    public void onTool(String toolName, String phase) {
        if (receipts != null) {
            receipts.toolStarted();
        }
        super.onTool(toolName, phase);
    }
}
