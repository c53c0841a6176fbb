package io.pigateway.core.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Platforms limit edits per chat, not per answer (Telegram: about one message a second in a chat,
 * 20 a minute in a group; Discord: about one edit a second in a channel). Each answer already
 * throttles its own edits, but several answers in one chat (forum topics, two users in a guild
 * channel) would add up. One pacer per channel hands out edit slots per chat; an answer that gets
 * none holds its edit ({@link PacedEdits}) until the next slot, or until it has something else to
 * send, so its final text is never held back.
 */
public final class ChatEditPacer {
    private static final int MAX_CHATS = 10_000;

    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final LongSupplier nowMillis;

    public ChatEditPacer(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** Takes the chat's slot if it is free now; the next one opens {@code intervalMs} later. */
    public boolean tryAcquire(String chat, long intervalMs) {
        long now = nowMillis.getAsLong();
        if (nextSlot.size() > MAX_CHATS) {
            nextSlot.values().removeIf(next -> next <= now); // slots long open need no entry
        }
        boolean[] acquired = new boolean[1];
        nextSlot.compute(chat, (k, next) -> {
            if (next == null || now >= next) {
                acquired[0] = true;
                return now + intervalMs;
            }
            return next;
        });
        return acquired[0];
    }

    /** Milliseconds until the chat's next slot opens (0 when it is open). */
    public long waitMs(String chat) {
        Long next = nextSlot.get(chat);
        return next == null ? 0 : Math.max(0, next - nowMillis.getAsLong());
    }
}
