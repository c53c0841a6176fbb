package io.pigateway.channel.telegram;

import io.pigateway.core.ReplyTarget;
import io.pigateway.pipeline.AnswerReceipts;
import io.pigateway.pipeline.ChannelRecovery;
import io.pigateway.pipeline.InboundJournal;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Which of Telegram's crash leftovers ({@link ChannelRecovery}) this instance settles, and when: a
 * polling account's when its poller starts here (on the leader), once per run; the webhook
 * accounts' at start, on a standalone gateway only (in a cluster another instance may be answering
 * them right now).
 */
final class TelegramRecovery {
    private final ChannelRecovery recovery;
    private final Executor deliveries;
    private final BiConsumer<ReplyTarget, AnswerReceipts> markInterrupted;
    /** The accounts whose leftovers were settled in this run (once each). */
    private final Set<String> tookOver = ConcurrentHashMap.newKeySet();

    TelegramRecovery(ChannelRecovery recovery, Executor deliveries,
                     BiConsumer<ReplyTarget, AnswerReceipts> markInterrupted) {
        this.recovery = recovery;
        this.deliveries = deliveries;
        this.markInterrupted = markInterrupted;
    }

    ChannelRecovery channelRecovery() {
        return recovery;
    }

    /** The leftovers of the accounts no poller of this instance will take over; read before any new message. */
    ChannelRecovery.Leftover atStart(boolean clustered, Collection<TelegramAccountSettings> accounts) {
        return clustered ? null : recovery.leftover(TelegramChannel.NAME, key -> !polledHere(key, accounts));
    }

    /**
     * A poller of {@code accountId} starts here: what the store holds for that account, read now,
     * before the poller takes new messages, is settled once it runs. Only on its first start in this
     * run: a later one (a reload's reconnect) would re-run this instance's own turns in flight.
     */
    Runnable takeOver(String accountId) {
        if (!tookOver.add(accountId)) {
            return () -> { };
        }
        String prefix = InboundJournal.key(TelegramChannel.NAME, accountId, "");
        ChannelRecovery.Leftover left = recovery.leftover(TelegramChannel.NAME, key -> key.startsWith(prefix));
        return () -> settle(left);
    }

    void settle(ChannelRecovery.Leftover leftover) {
        if (leftover != null && !leftover.isEmpty()) {
            deliveries.execute(() -> leftover.settle(markInterrupted));
        }
    }

    private static boolean polledHere(String journalKey, Collection<TelegramAccountSettings> accounts) {
        return accounts.stream().anyMatch(a -> !a.webhook()
                && journalKey.startsWith(InboundJournal.key(TelegramChannel.NAME, a.id(), "")));
    }
}
