package io.pigateway.channel.discord;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.RenderedAnswer;
import io.pigateway.core.stream.PacedEdits;
import io.pigateway.core.stream.StreamRenderer;
import io.pigateway.core.stream.StreamingMode;
import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.OutboundReceipts;
import io.pigateway.pipeline.OutboundRoutes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows one answer in a Discord channel: a {@link StreamRenderer} (2000 characters and 17 lines a
 * message, at most one edit a second) turns the turn into {@link OutboundUpdate}s, which go through
 * {@code direct:outbound} one after another on an executor (observer callbacks must not block on
 * HTTP). Discord limits edits per channel, so edits also wait for the channel's slot in the
 * {@link ChatEditPacer} all answers share ({@link PacedEdits}). "typing…" is renewed while the agent
 * works. Discord has no drafts: {@code draft} is shown as {@code partial}.
 */
final class DiscordAnswer extends RenderedAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordAnswer.class);
    /** Property: the {@link State} of the answer an outbound update belongs to. */
    static final String STATE = "PiGatewayDiscordAnswer";
    /** Discord's pace for edits in one channel (a thread is a channel of its own). */
    static final long MIN_EDIT_INTERVAL_MS = 1_000;
    /** Discord clients collapse taller messages behind "show more". */
    static final int MAX_LINES = 17;
    /** Discord shows "typing…" for about 10 s. */
    static final long TYPING_REFRESH_MS = 8_000;

    /** Discord message ids of the answer's segments. */
    static final class State {
        final Map<Integer, Long> messageIds = new ConcurrentHashMap<>();
    }

    private final ReplyTarget target;
    private final ProducerTemplate template;
    private final Executor executor;
    private final StreamRenderer renderer;
    private final State state = new State();
    private final ScheduledExecutorService timer;
    private final PacedEdits paced;
    private final long typingRefreshMs;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private long lastShownAt;
    private boolean done;
    private boolean renewing;
    private volatile AnswerReceipts receipts;

    DiscordAnswer(ReplyTarget target, StreamingMode mode, ProducerTemplate template, Executor executor,
                  ChatEditPacer pacer, ScheduledExecutorService timer, long typingRefreshMs) {
        this.target = target;
        this.template = template;
        this.executor = executor;
        this.timer = timer;
        this.typingRefreshMs = typingRefreshMs;
        this.paced = new PacedEdits(pacer, target.accountId() + ":" + DiscordOutbound.channelId(target),
                MIN_EDIT_INTERVAL_MS, timer, this::chain);
        StreamingMode effective = mode == StreamingMode.DRAFT ? StreamingMode.PARTIAL : mode;
        this.renderer = new StreamRenderer(effective, DiscordOutbound.TEXT_LIMIT, MAX_LINES, MIN_EDIT_INTERVAL_MS,
                System::currentTimeMillis, this::enqueue);
    }

    /** Parts are recorded ({@link OutboundReceipts}); a re-run edits the messages its first run showed. */
    DiscordAnswer withReceipts(AnswerReceipts receipts) {
        this.receipts = receipts;
        state.messageIds.putAll(receipts.adoptedIds());
        return this;
    }

    /** Marks an answer a crash cut short (and that is not re-run): its messages say so. */
    void markInterrupted() {
        receipts.interruptedUpdates().forEach(this::enqueue);
    }

    private synchronized void enqueue(OutboundUpdate update) {
        lastShownAt = System.currentTimeMillis();
        if (update instanceof OutboundUpdate.Done) {
            done = true;
        } else if (update instanceof OutboundUpdate.Typing && !renewing) {
            renewing = true; // one renewal timer per answer, however many tools start
            timer.schedule(this::keepTyping, typingRefreshMs, TimeUnit.MILLISECONDS);
        }
        paced.offer(update);
    }

    /** Called under the {@link PacedEdits}' lock only, which keeps {@code tail} consistent. */
    private void chain(OutboundUpdate update) {
        tail = tail.thenRunAsync(() -> deliver(update), executor);
    }

    /** Discord shows "typing…" for about 10 s: renewed while the agent works and nothing else was shown. */
    private synchronized void keepTyping() {
        if (done) {
            return;
        }
        long quiet = System.currentTimeMillis() - lastShownAt;
        if (quiet >= typingRefreshMs * 15 / 16) {
            enqueue(new OutboundUpdate.Typing());
            quiet = 0;
        }
        timer.schedule(this::keepTyping, typingRefreshMs - quiet, TimeUnit.MILLISECONDS);
    }

    private void deliver(OutboundUpdate update) {
        Exchange done = receipts == null ? send(update) : receipts.deliver(update, sessionKey(), this::send);
        if (done != null && done.getException() != null) {
            LOG.warn("could not deliver {} to Discord channel {}: {}", update.getClass().getSimpleName(),
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
