package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.Exchange;

/**
 * One answer's {@link OutboundReceipts}: wraps the delivery of each {@link OutboundUpdate} (called
 * on the answer's one delivery chain, in order). A new part is recorded before it is sent and again
 * with its message id; edits pass unrecorded; after {@code Done} the parts are forgotten. An answer
 * re-run after a crash <em>adopts</em> the parts its first run showed: their message ids are the
 * channel's from the start, a part sent again is an edit of the message that exists (none at all
 * when the text is the same), and adopted parts the re-run does not reach are marked interrupted.
 * For an answer to a journaled message it also moves the {@link InboundJournal} entry.
 */
public final class AnswerReceipts {
    private final OutboundReceipts receipts;
    private final String answerKey;
    private final ReplyTarget target;
    /** Parts of an earlier run not yet shown again by this one. */
    private final Map<Integer, OutboundReceipts.Part> adopted;
    private final Map<Integer, String> adoptedIds = new HashMap<>();
    private final Set<Integer> recorded = ConcurrentHashMap.newKeySet();
    /** Parts as recorded now, by segment, while their text is still the one recorded (hash set). */
    private final Map<Integer, OutboundReceipts.Part> unedited = new ConcurrentHashMap<>();
    private volatile InboundJournal journal;
    private volatile boolean toolStarted;

    public AnswerReceipts(OutboundReceipts receipts, String answerKey, ReplyTarget target) {
        this(receipts, answerKey, target, receipts.parts(answerKey));
    }

    private AnswerReceipts(OutboundReceipts receipts, String answerKey, ReplyTarget target,
                           Map<Integer, OutboundReceipts.Part> earlier) {
        this.receipts = receipts;
        this.answerKey = answerKey;
        this.target = target;
        this.adopted = new ConcurrentHashMap<>(earlier);
        earlier.forEach((segment, part) -> {
            recorded.add(segment);
            if (part.messageId() != null) {
                adoptedIds.put(segment, part.messageId());
            }
        });
    }

    /** The receipts of an answer a crash cut short and that is not re-run (see {@link #interruptedUpdates}). */
    public static AnswerReceipts of(OutboundReceipts receipts, OutboundReceipts.Interrupted answer) {
        return new AnswerReceipts(receipts, answer.answerKey(), answer.target(), answer.parts());
    }

    /**
     * The answer is to a message in the {@link InboundJournal} (under the same key): it is marked
     * started at the turn's first tool ({@link #toolStarted}) and done once {@code Done} went out.
     */
    public AnswerReceipts journaled(InboundJournal journal) {
        this.journal = journal;
        return this;
    }

    /** The turn started a tool: from here a re-run after a crash could repeat the tool's effect. */
    public void toolStarted() {
        if (journal != null && !toolStarted) {
            toolStarted = true;
            journal.started(answerKey);
        }
    }

    /** Message ids by segment that an earlier run showed: the channel edits these messages. */
    public Map<Integer, String> adoptedMessageIds() {
        return Map.copyOf(adoptedIds);
    }

    /** {@link #adoptedMessageIds} of a platform whose ids are numbers (Telegram, Discord). */
    public Map<Integer, Long> adoptedIds() {
        Map<Integer, Long> ids = new HashMap<>();
        adoptedIds.forEach((segment, id) -> {
            try {
                ids.put(segment, Long.parseLong(id));
            } catch (NumberFormatException notOurs) {
                // not a number: not a message of this platform, nothing to edit
            }
        });
        return ids;
    }

    /**
     * What marks an answer cut short: each part with a message id is edited to
     * {@link OutboundReceipts#INTERRUPTED}; when none got an id, the marker is sent once. Then Done.
     */
    public List<OutboundUpdate> interruptedUpdates() {
        List<OutboundUpdate> updates = new java.util.ArrayList<>();
        adoptedIds.keySet().stream().sorted().forEach(s -> updates.add(new EditText(s, OutboundReceipts.INTERRUPTED)));
        adopted.clear();
        if (updates.isEmpty()) {
            updates.add(new SendText(0, OutboundReceipts.INTERRUPTED));
        }
        updates.add(new Done());
        return updates;
    }

    /**
     * Delivers {@code update} through {@code send} with its bookkeeping; returns the exchange, or null
     * when nothing had to be sent (a re-run part that already shows its text).
     */
    public Exchange deliver(OutboundUpdate update, String sessionKey, Function<OutboundUpdate, Exchange> send) {
        if (update instanceof SendText s) {
            return sendPart(s, sessionKey, send);
        }
        if (update instanceof Done) {
            adopted.keySet().stream().sorted().filter(adoptedIds::containsKey)
                    .forEach(s -> send.apply(new EditText(s, OutboundReceipts.INTERRUPTED)));
            Exchange done = send.apply(update);
            // parts first: a crash between the two re-runs the answer rather than marking a complete one
            receipts.done(answerKey, recorded);
            if (journal != null) {
                journal.done(answerKey); // every part before it went out (in order, on the answer's chain)
            }
            return done;
        }
        Exchange ex = send.apply(update);
        if (update instanceof EditText e) {
            adopted.remove(e.segment());
            String resent = sentId(ex); // the channel had no message to edit and sent a new one
            OutboundReceipts.Part part = unedited.remove(e.segment());
            if (resent != null) {
                receipts.sent(receipts.intent(answerKey, target, sessionKey, e.segment(), e.text()), resent);
                recorded.add(e.segment());
            } else if (part != null) {
                receipts.edited(part); // once per part: a re-run must not trust the first text's hash
            }
        }
        return ex;
    }

    private Exchange sendPart(SendText s, String sessionKey, Function<OutboundUpdate, Exchange> send) {
        OutboundReceipts.Part earlier = adopted.remove(s.segment());
        if (earlier != null && earlier.messageId() != null) {
            if (OutboundReceipts.hash(s.text()).equals(earlier.hash())) {
                return null; // the message already shows this text
            }
            if (earlier.hash() != null) {
                unedited.put(s.segment(), earlier);
            }
            return deliver(new EditText(s.segment(), s.text()), sessionKey, send);
        }
        OutboundReceipts.Part intent = receipts.intent(answerKey, target, sessionKey, s.segment(), s.text());
        recorded.add(s.segment());
        Exchange ex = send.apply(s);
        String id = sentId(ex);
        if (id != null) {
            unedited.put(s.segment(), receipts.sent(intent, id));
        }
        return ex;
    }

    private static String sentId(Exchange ex) {
        return ex == null || ex.getException() != null ? null
                : ex.getMessage().getHeader(GatewayHeaders.MESSAGE_ID, String.class);
    }
}
