package io.pigateway.channel.telegram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Telegram allows a bot about one message a second in a chat and 20 a minute in a group; edits
 * count. Each answer already throttles its own edits, but several answers in one chat (forum
 * topics of a group) would add up. This hands out edit slots per chat; an answer that gets none
 * holds its edit (see {@link TelegramAnswer}) until the next slot, or until it has something else
 * to send, so its final text is never held back.
 */
final class ChatEditPacer {
    static final long PRIVATE_INTERVAL_MS = 1_000;
    static final long GROUP_INTERVAL_MS = 3_000;
    private static final int MAX_CHATS = 10_000;

    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final LongSupplier nowMillis;

    ChatEditPacer(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** Takes the chat's slot if it is free now; the next one opens {@code intervalMs} later. */
    boolean tryAcquire(String chat, long intervalMs) {
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
    long waitMs(String chat) {
        Long next = nextSlot.get(chat);
        return next == null ? 0 : Math.max(0, next - nowMillis.getAsLong());
    }
}
