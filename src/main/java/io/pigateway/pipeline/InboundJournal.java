package io.pigateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a channel took from its platform and has not answered yet, so a crash loses no message and
 * answers none twice. A message is accepted before the platform is acknowledged (Telegram: before
 * the offset moves), started when its turn starts a tool (a channel may mark it earlier), and forgotten when its answer was delivered
 * (or the user was told the turn failed). With the lanes on Kafka a message handed to them is marked
 * queued: the lanes deliver it again after a crash, so a restart or a take-over leaves it alone.
 * Entries live in the state store's {@code inbound.journal}
 * namespace, keyed {@code channel:account:platform message id}; every step is idempotent.
 */
public final class InboundJournal {
    static final String NAMESPACE = "inbound.journal";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * ACCEPTED: nothing irreversible yet; QUEUED: in the Kafka lanes, which deliver it again after a crash;
     * STARTED: its turn started a tool; REPLAYED: re-run after a restart.
     */
    public enum Stage { ACCEPTED, QUEUED, STARTED, REPLAYED }

    /** One unanswered message; {@code message} is what the channel serialized at accept time. */
    public record Entry(String key, Stage stage, String sessionKey, String message) {
    }

    private final StateStore store;

    public InboundJournal(StateStore store) {
        this.store = store;
    }

    public static String key(String channel, String account, String platformMessageId) {
        return channel + ":" + account + ":" + platformMessageId;
    }

    /** Records the message; false when it was already journaled (a redelivery). */
    public boolean accept(String channel, String account, String platformMessageId, String sessionKey,
                          String serializedMessage) {
        return store.putIfAbsent(NAMESPACE, key(channel, account, platformMessageId),
                value(Stage.ACCEPTED, sessionKey, serializedMessage));
    }

    /** The message's turn started a tool (a no-op for a message never journaled or already answered). */
    public void started(String key) {
        move(key, Stage.ACCEPTED, Stage.STARTED);
        move(key, Stage.QUEUED, Stage.STARTED);
    }

    /** The broker's lanes acknowledged the message: they, not a restart's replay, run it again if need be. */
    public void queued(String key) {
        move(key, Stage.ACCEPTED, Stage.QUEUED);
    }

    /** Marked before a restart re-runs the message, so it is re-run once at most. */
    public void replaying(String key) {
        move(key, Stage.ACCEPTED, Stage.REPLAYED);
    }

    /** The answer was delivered (or the user was told it failed): the entry is forgotten. */
    public void done(String key) {
        store.delete(NAMESPACE, key);
    }

    /** The entries of {@code channel} not done, oldest key order. */
    public List<Entry> pending(String channel) {
        String prefix = channel + ":";
        List<Entry> out = new ArrayList<>();
        for (var e : store.list(NAMESPACE)) {
            if (e.getKey().startsWith(prefix)) {
                read(e.getKey(), e.getValue()).ifPresentOrElse(out::add, () -> done(e.getKey()));
            }
        }
        return out;
    }

    public Optional<Entry> find(String key) {
        return store.get(NAMESPACE, key).flatMap(v -> read(key, v));
    }

    private synchronized void move(String key, Stage from, Stage to) {
        find(key).filter(e -> e.stage() == from)
                .ifPresent(e -> store.put(NAMESPACE, key, value(to, e.sessionKey(), e.message())));
    }

    private static String value(Stage stage, String sessionKey, String message) {
        return JSON.createObjectNode().put("stage", stage.name()).put("sessionKey", sessionKey)
                .put("message", message).toString();
    }

    private static Optional<Entry> read(String key, String value) {
        try {
            JsonNode o = JSON.readTree(value);
            JsonNode session = o.get("sessionKey");
            return Optional.of(new Entry(key, Stage.valueOf(o.path("stage").asText()),
                    session == null || session.isNull() ? null : session.asText(), o.path("message").asText()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
