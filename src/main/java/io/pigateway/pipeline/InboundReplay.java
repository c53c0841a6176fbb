package io.pigateway.pipeline;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.lane.LaneFullException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, settles a channel's journaled messages that were never answered. A message whose
 * turn had not started a tool (queued, waiting for pi, or only model output so far) is re-run once
 * through the normal pipeline (its dedupe entry is forgotten first, deliberately: it is the same
 * platform message id). A message whose turn had started a tool (a re-run could repeat its effect)
 * or that was already re-run once gets
 * {@link #RESTARTED} instead. Each entry is marked before it is acted on, so nothing happens twice.
 * With the lanes on Kafka, a message they took (queued, or started) is theirs: its turn may still run
 * on another instance, and if its owner died the lanes deliver it to the next one; it is left alone.
 */
public final class InboundReplay {
    private static final Logger LOG = LoggerFactory.getLogger(InboundReplay.class);
    public static final String RESTARTED = "I was restarted while working on your message; please send it again.";

    private final InboundJournal journal;
    private final InboundDedupe dedupe;
    private final GatewayService gateway;
    private final OutboundTexts texts;
    private final UnaryOperator<InboundMessage> prepare;

    /**
     * @param prepare redoes what the channel does after acknowledging a message and before
     *                submitting it (Feishu: download the files the journal holds references to)
     */
    public InboundReplay(InboundJournal journal, InboundDedupe dedupe, GatewayService gateway, OutboundTexts texts,
                         UnaryOperator<InboundMessage> prepare) {
        this.journal = journal;
        this.dedupe = dedupe;
        this.gateway = gateway;
        this.texts = texts;
        this.prepare = prepare;
    }

    /**
     * Settles {@code entries} (taken before the channel took new messages), one after another; returns
     * the keys of those re-run (a turn will answer them).
     */
    public Set<String> settle(List<InboundJournal.Entry> entries) {
        Set<String> rerun = new HashSet<>();
        for (InboundJournal.Entry e : entries) {
            try {
                if (settle(e)) {
                    rerun.add(e.key());
                }
            } catch (RuntimeException failure) {
                LOG.warn("could not settle the journaled message {} after the restart: {}", e.key(),
                        failure.getMessage());
            }
        }
        return rerun;
    }

    /** True when the message was re-run. */
    private boolean settle(InboundJournal.Entry e) {
        var read = InboundMessageJson.read(e.message());
        if (read.isEmpty()) {
            journal.done(e.key());
            return false;
        }
        var message = read.get().message();
        if (e.stage() == InboundJournal.Stage.QUEUED
                || e.stage() == InboundJournal.Stage.STARTED && gateway.lanesInBroker()) {
            LOG.debug("{} message {} is in the Kafka lanes: they answer it", message.channel(), e.key());
            return false;
        }
        if (e.stage() == InboundJournal.Stage.ACCEPTED) {
            journal.replaying(e.key());
            dedupe.forget(message);
            LOG.info("re-running {} message {} that a restart left unanswered", message.channel(), e.key());
            try {
                if (gateway.submit(prepare.apply(message), null, null, read.get().role()) != null) {
                    return true;
                }
                journal.done(e.key()); // filtered out: no turn will mark it
            } catch (LaneFullException busy) {
                journal.done(e.key());
                texts.send(message.replyTarget(), RESTARTED, null);
            }
        } else {
            journal.done(e.key());
            LOG.info("telling the author of {} message {} to send it again", message.channel(), e.key());
            texts.send(message.replyTarget(), RESTARTED, null);
        }
        return false;
    }
}
