package io.pigateway.pipeline;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.store.StateStore;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What a crash left of one channel's work, settled once when the channel starts: the unanswered
 * messages of the {@link InboundJournal} and the answers cut short in {@link OutboundReceipts}.
 * {@link #leftover} is taken before the channel takes new messages in; {@link Leftover#settle} runs
 * once it can send: {@link InboundReplay} re-runs or answers the messages (a re-run's answer edits
 * the messages its first run showed), then the answers cut short whose message was not re-run
 * (a tool had started, the lane was full, the pipeline filtered it now) are marked interrupted in
 * their own messages (by the channel, which knows how to show them).
 */
public final class ChannelRecovery {
    private final InboundJournal journal;
    private final OutboundReceipts receipts;
    private final InboundDedupe dedupe;
    private final GatewayService gateway;
    private final OutboundTexts texts;

    public ChannelRecovery(StateStore store, InboundDedupe dedupe, GatewayService gateway, OutboundTexts texts) {
        this.journal = new InboundJournal(store);
        this.receipts = new OutboundReceipts(store);
        this.dedupe = dedupe;
        this.gateway = gateway;
        this.texts = texts;
    }

    public InboundJournal journal() {
        return journal;
    }

    public OutboundReceipts receipts() {
        return receipts;
    }

    /** A channel's leftover work, taken from the store now. */
    public Leftover leftover(String channel) {
        return leftover(channel, key -> true);
    }

    /** The part of a channel's leftover work whose journal key {@code keep} accepts (e.g. one account's). */
    public Leftover leftover(String channel, Predicate<String> keep) {
        return new Leftover(journal.pending(channel).stream().filter(e -> keep.test(e.key())).toList(),
                receipts.interrupted(channel).stream().filter(a -> keep.test(a.answerKey())).toList());
    }

    /** What one channel has to settle after a crash. */
    public final class Leftover {
        private final List<InboundJournal.Entry> unanswered;
        private final List<OutboundReceipts.Interrupted> cutShort;

        private Leftover(List<InboundJournal.Entry> unanswered, List<OutboundReceipts.Interrupted> cutShort) {
            this.unanswered = unanswered;
            this.cutShort = cutShort;
        }

        public boolean isEmpty() {
            return unanswered.isEmpty() && cutShort.isEmpty();
        }

        /** The unanswered messages (a channel may learn from them what a restart forgot, e.g. DM users). */
        public List<InboundMessage> messages() {
            return unanswered.stream().flatMap(e -> InboundMessageJson.read(e.message()).stream())
                    .map(InboundMessageJson.Journaled::message).toList();
        }

        /**
         * Settles it, one after another: {@code markInterrupted} shows each answer cut short and not
         * re-run as {@link AnswerReceipts#interruptedUpdates} say (in the chat of the target given).
         */
        public void settle(BiConsumer<ReplyTarget, AnswerReceipts> markInterrupted) {
            settle(markInterrupted, UnaryOperator.identity());
        }

        /** As {@link #settle(BiConsumer)}; a re-run message goes through {@code prepare} first ({@link InboundReplay}). */
        public void settle(BiConsumer<ReplyTarget, AnswerReceipts> markInterrupted, UnaryOperator<InboundMessage> prepare) {
            Set<String> rerun = new InboundReplay(journal, dedupe, gateway, texts, prepare).settle(unanswered);
            cutShort.stream().filter(a -> !rerun.contains(a.answerKey()))
                    .forEach(a -> markInterrupted.accept(a.target(), AnswerReceipts.of(receipts, a)));
        }
    }
}
