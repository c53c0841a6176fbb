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
}
