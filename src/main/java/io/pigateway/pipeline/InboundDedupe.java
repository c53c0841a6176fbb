package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Drops a message the gateway already took in: platforms redeliver (Telegram after a restart
 * before the offset was confirmed, IMAP after a reconnect), so every message with a platform id is
 * remembered by {@code (channel, account, chat, message id)} in the state store, for every channel.
 */
public final class InboundDedupe implements Processor {
    static final String NAMESPACE = "inbound.seen";

    private final StateStore store;

    public InboundDedupe(StateStore store) {
        this.store = store;
    }

    /** Whether the message was taken in before (without remembering it). */
    public boolean seen(InboundMessage message) {
        return message.messageId() != null && store.get(NAMESPACE, key(message)).isPresent();
    }

    /** Forgets the message, so a deliberate re-run after a restart ({@link InboundReplay}) is not dropped. */
    public void forget(InboundMessage message) {
        if (message.messageId() != null) {
            store.delete(NAMESPACE, key(message));
        }
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        if (message.messageId() != null
                && !store.putIfAbsent(NAMESPACE, key(message), Instant.now().toString())) {
            exchange.setProperty(GatewayHeaders.REJECTED, "duplicate");
        }
    }

    /** Forgets entries older than {@code keep}: no platform redelivers that late. */
    public void prune(Duration keep) {
        Instant cutoff = Instant.now().minus(keep);
        for (var e : store.list(NAMESPACE)) {
            try {
                if (Instant.parse(e.getValue()).isBefore(cutoff)) {
                    store.delete(NAMESPACE, e.getKey());
                }
            } catch (DateTimeParseException bad) {
                store.delete(NAMESPACE, e.getKey());
            }
        }
    }

    /**
     * Keeps only the newest {@code n} entries of {@code channel}: a platform that replays only recent
     * events (Discord's RESUME) needs its last messages remembered, not a time span.
     */
    public void keepLast(String channel, int n) {
        String prefix = channel + ":";
        store.list(NAMESPACE).stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> seenAt(e.getValue())).reversed())
                .skip(n).forEach(e -> store.delete(NAMESPACE, e.getKey()));
    }

    private static Instant seenAt(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException bad) {
            return Instant.EPOCH; // unreadable: the oldest, forgotten first
        }
    }

    static String key(InboundMessage m) {
        return m.channel() + ":" + m.accountId() + ":" + m.chatId() + ":" + m.messageId();
    }
}
