package io.pigateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.ReplyTarget;
import io.pigateway.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound intent → send → receipt for the messages of channel answers, so a crash leaves no
 * half-shown answer behind unnoticed. A part (one platform message of an answer) is written before
 * it is sent (intent: chat, session, segment, the text's hash and length) and again once the
 * platform gave its message id; its first streamed edit clears the hash (the text shown is no longer
 * known), later edits write nothing (its id is all a restart needs to edit it). When the answer's
 * last part went out, its parts are deleted (the receipt).
 * What is left after a crash is an answer cut short. Entries live in the state store's
 * {@code outbound.receipts} namespace, keyed {@code <answer key>#<segment>}; the answer key is the
 * inbound journal key of the message answered, so a restart finds both halves.
 */
public final class OutboundReceipts {
    static final String NAMESPACE = "outbound.receipts";
    /** What an interrupted part shows when its answer is not re-run. */
    public static final String INTERRUPTED = "(answer interrupted by a restart)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recorded part; {@code messageId} (the platform's id as text: Telegram's and Discord's
     * numbers, Feishu's {@code om_...}) is null while the platform has not confirmed the send,
     * {@code hash} null once the part was edited.
     */
    public record Part(String answerKey, int segment, ReplyTarget target, String sessionKey, String messageId,
                       String hash, int length) {
    }

    /** An answer a crash cut short: where it went and its recorded parts, by segment. */
    public record Interrupted(String answerKey, ReplyTarget target, Map<Integer, Part> parts) {
    }

    private final StateStore store;

    public OutboundReceipts(StateStore store) {
        this.store = store;
    }

    /** Recorded before a part is sent. */
    public Part intent(String answerKey, ReplyTarget target, String sessionKey, int segment, String text) {
        return write(new Part(answerKey, segment, target, sessionKey, null, hash(text), text.length()));
    }

    /** Recorded once the platform answered with the part's message id. */
    public Part sent(Part intent, String messageId) {
        return write(new Part(intent.answerKey(), intent.segment(), intent.target(), intent.sessionKey(), messageId,
                intent.hash(), intent.length()));
    }

    /** The part's message was edited: what it shows is no longer the recorded text. */
    public Part edited(Part part) {
        return write(new Part(part.answerKey(), part.segment(), part.target(), part.sessionKey(), part.messageId(),
                null, part.length()));
    }

    private Part write(Part part) {
        store.put(NAMESPACE, key(part.answerKey(), part.segment()), value(part));
        return part;
    }

    /** The answer's last part went out: its parts are forgotten. */
    public void done(String answerKey, Set<Integer> segments) {
        segments.forEach(segment -> store.delete(NAMESPACE, key(answerKey, segment)));
    }

    /**
     * The parts an earlier run of this answer recorded (empty for almost every answer: one point read
     * of segment 0, which every answer's parts start with, decides).
     */
    public Map<Integer, Part> parts(String answerKey) {
        if (store.get(NAMESPACE, key(answerKey, 0)).isEmpty()) {
            return Map.of();
        }
        Map<Integer, Part> parts = new LinkedHashMap<>();
        String prefix = answerKey + "#";
        for (var e : store.list(NAMESPACE)) {
            if (e.getKey().startsWith(prefix)) {
                read(e.getValue()).ifPresent(p -> parts.put(p.segment(), p));
            }
        }
        return parts;
    }

    /** The answers of {@code channel} cut short by a crash (taken at start, before new answers begin). */
    public List<Interrupted> interrupted(String channel) {
        Map<String, Map<Integer, Part>> byAnswer = new LinkedHashMap<>();
        for (var e : store.list(NAMESPACE)) {
            if (!e.getKey().startsWith(channel + ":")) {
                continue;
            }
            Optional<Part> part = read(e.getValue());
            if (part.isEmpty()) {
                store.delete(NAMESPACE, e.getKey()); // unreadable: nothing can be done with it
            } else {
                byAnswer.computeIfAbsent(part.get().answerKey(), k -> new LinkedHashMap<>())
                        .put(part.get().segment(), part.get());
            }
        }
        List<Interrupted> out = new ArrayList<>();
        byAnswer.forEach((key, parts) -> out.add(new Interrupted(key, parts.values().iterator().next().target(),
                parts)));
        return out;
    }

    /** A text's fingerprint: a re-run that shows the same text again needs no edit. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    /** Segments zero-padded, so the store's key order is the answer's order. */
    private static String key(String answerKey, int segment) {
        return answerKey + "#" + String.format("%04d", segment);
    }

    private static String value(Part p) {
        var o = JSON.createObjectNode().put("answer", p.answerKey()).put("segment", p.segment())
                .put("target", ChatTargetJson.write(p.target())).put("sessionKey", p.sessionKey())
                .put("hash", p.hash()).put("length", p.length());
        if (p.messageId() != null) {
            o.put("messageId", p.messageId()); // a string; earlier versions stored numbers (read below)
        }
        return o.toString();
    }

    private static Optional<Part> read(String value) {
        try {
            JsonNode o = JSON.readTree(value);
            Optional<ReplyTarget> target = ChatTargetJson.read(o.path("target").asText());
            JsonNode id = o.get("messageId");
            return target.map(t -> new Part(o.path("answer").asText(), o.path("segment").asInt(), t,
                    o.path("sessionKey").asText(null), id == null || id.isNull() ? null : id.asText(),
                    o.path("hash").asText(null), o.path("length").asInt()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
