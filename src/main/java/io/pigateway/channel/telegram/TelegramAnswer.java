package io.pigateway.channel.telegram;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.RenderedAnswer;
import io.pigateway.core.stream.StreamRenderer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.PacedEdits;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.pipeline.OutboundRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows one answer in a Telegram chat: a {@link StreamRenderer} turns the turn into
 * {@link OutboundUpdate}s, which go through {@code direct:outbound} one after another on an
 * executor (observer callbacks must not block on HTTP). Edits are paced per chat as well
 * ({@link ChatEditPacer}). {@code draft} falls back to {@code partial} outside private chats.
 */
public final class TelegramAnswer extends RenderedAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramAnswer.class);
    /** Property: the {@link State} of the answer an outbound update belongs to. */
    public static final String STATE = "PiGatewayTelegramAnswer";
    static final long MIN_EDIT_INTERVAL_MS = 1_000;
    /** Telegram's pace for a chat: about one message a second in a private chat, 20 a minute in a group. */
    static final long PRIVATE_INTERVAL_MS = 1_000;
    static final long GROUP_INTERVAL_MS = 3_000;

    /** Platform message ids of the answer's segments, and its draft id. */
    public static final class State {
        final Map<Integer, Long> messageIds = new ConcurrentHashMap<>();
        final int draftId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    }

    private final ReplyTarget target;
    private final ProducerTemplate template;
    private final Executor executor;
    private final StreamRenderer renderer;
    private final State state = new State();
    private final PacedEdits paced;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile AnswerReceipts receipts;

    public TelegramAnswer(ReplyTarget target, StreamingMode mode, boolean privateChat, ProducerTemplate template,
                          Executor executor, ChatEditPacer pacer, ScheduledExecutorService timer) {
        this.target = target;
        this.template = template;
        this.executor = executor;
        this.paced = new PacedEdits(pacer, target.accountId() + ":" + target.chatId(),
                privateChat ? PRIVATE_INTERVAL_MS : GROUP_INTERVAL_MS, timer, this::chain);
        StreamingMode effective = mode == StreamingMode.DRAFT && !privateChat ? StreamingMode.PARTIAL : mode;
        this.renderer = new StreamRenderer(effective, TelegramOutbound.TEXT_LIMIT, MIN_EDIT_INTERVAL_MS,
                System::currentTimeMillis, this::enqueue);
    }

    /**
     * Marks the journaled message {@code key} started when the turn's first tool starts (until then a
     * re-run after a crash repeats nothing but model output) and done once {@code Done} was sent.
     */
    TelegramAnswer journaled(InboundJournal journal, String key, OutboundReceipts receipts) {
        return withReceipts(new AnswerReceipts(receipts, key, target).journaled(journal));
    }

    /** Parts are recorded ({@link OutboundReceipts}); a re-run edits the messages its first run showed. */
    TelegramAnswer withReceipts(AnswerReceipts receipts) {
        this.receipts = receipts;
        state.messageIds.putAll(receipts.adoptedIds());
        return this;
    }

    /** Marks an answer a crash cut short (and that is not re-run): its messages say so. */
    void markInterrupted() {
        receipts.interruptedUpdates().forEach(this::enqueue);
    }

    /** Edits wait for the chat's slot ({@link PacedEdits}); everything else goes out in order. */
    void enqueue(OutboundUpdate update) {
        paced.offer(update);
    }

    /** Called under the {@link PacedEdits}' lock only, which keeps {@code tail} consistent. */
    private void chain(OutboundUpdate update) {
        tail = tail.thenRunAsync(() -> deliver(update), executor);
    }

    private void deliver(OutboundUpdate update) {
        Exchange done = receipts == null ? send(update) : receipts.deliver(update, sessionKey(), this::send);
        if (done != null && done.getException() != null) {
            LOG.warn("could not deliver {} to Telegram chat {}: {}", update.getClass().getSimpleName(),
                    target.chatId(), done.getException().getMessage());
        }
    }

    private Exchange send(OutboundUpdate update) {
        return OutboundRoutes.deliver(template, update, target, sessionKey(), STATE, state);
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
