package io.pigateway.channel.feishu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one answer has shown so far, per segment: how it is shown (a CardKit card streamed by
 * sequence, an interactive card patched in place, or text held for the end when both were
 * refused), its message id and its latest text. Carried on the outbound exchanges of the answer.
 */
final class FeishuAnswerState {
    enum Kind { CARDKIT, PATCHED_CARD, HELD_TEXT, TEXT }

    static final class Segment {
        final Kind kind;
        final String messageId;
        final String cardId;
        int sequence;
        String text;

        Segment(Kind kind, String messageId, String cardId, String text) {
            this.kind = kind;
            this.messageId = messageId;
            this.cardId = cardId;
            this.text = text;
        }
    }

    /** Whether the answer streams into cards ({@code partial}) or goes as final text ({@code off}). */
    final boolean streaming;
    final Map<Integer, Segment> segments = new ConcurrentHashMap<>();
    /** Set once CardKit refused a card: later segments go straight to the fallback. */
    volatile boolean cardKitRefused;

    /** The client the answer started with: its cards belong to that app, even after a credentials reload. */
    final FeishuOutbound outbound;

    FeishuAnswerState(boolean streaming, FeishuOutbound outbound) {
        this.streaming = streaming;
        this.outbound = outbound;
    }

    /**
     * How the outbound receipts know a segment's message: {@code card:<message id>} for a card (CardKit
     * or patched), {@code text:<message id>} for a post; null while it has none (text held).
     */
    static String receiptId(Segment segment) {
        if (segment == null || segment.messageId == null) {
            return null;
        }
        return (segment.kind == Kind.TEXT ? "text:" : "card:") + segment.messageId;
    }

    /**
     * A segment an earlier run showed, from its receipt id; a card is edited by patching the message
     * with a new card (the CardKit card's streaming sequence died with the earlier run).
     */
    static Segment adopted(String receiptId) {
        int colon = receiptId.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Kind kind = receiptId.startsWith("text:") ? Kind.TEXT : Kind.PATCHED_CARD;
        return new Segment(kind, receiptId.substring(colon + 1), null, null);
    }
}
