package io.pigateway.security.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pairing state in the {@link StateStore}: pending codes ({@code pairing.pending},
 * key {@code channel:account:CODE}) and approved senders ({@code pairing.approved}, key
 * {@code channel:account:senderId}). Every call reads the store, so an approval made by the CLI in
 * another process takes effect at the next message. Approvals are per DM sender, never per group.
 */
public final class PairingStore {
    public static final Duration VALIDITY = Duration.ofHours(1);
    public static final int MAX_PENDING_PER_ACCOUNT = 3;
    static final String PENDING = "pairing.pending";
    static final String APPROVED = "pairing.approved";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StateStore store;
    private final Clock clock;

    public PairingStore(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public PairingStore(StateStore store) {
        this(store, Clock.systemUTC());
    }

    public boolean isApproved(String channel, String accountId, String senderId) {
        return store.get(APPROVED, key(channel, accountId, senderId)).isPresent();
    }

    /**
     * The sender's pending code (the same one while it is valid) or a new one. When the account
     * already has {@link #MAX_PENDING_PER_ACCOUNT} pending requests the oldest is dropped, so a few
     * strangers cannot block pairing for everyone for an hour. Empty only if that fails.
     */
    public synchronized Optional<PairingRequest> requestFor(String channel, String accountId, String senderId,
                                                            String senderName) {
        List<PairingRequest> pending = pending(channel, accountId);
        for (PairingRequest p : pending) {
            if (p.senderId().equals(senderId)) {
                return Optional.of(p);
            }
        }
        pending.sort(java.util.Comparator.comparing(PairingRequest::createdAt));
        for (int i = 0; i <= pending.size() - MAX_PENDING_PER_ACCOUNT; i++) {
            store.delete(PENDING, key(channel, accountId, pending.get(i).code()));
        }
        Instant now = clock.instant();
        while (true) {
            PairingRequest created = new PairingRequest(channel, accountId, PairingCodes.next(), senderId, senderName,
                    now, now.plus(VALIDITY));
            if (store.putIfAbsent(PENDING, key(channel, accountId, created.code()), toJson(created))) {
                return Optional.of(created);
            }
        }
    }

    /** Pending, unexpired requests of one account (expired ones are removed on the way). */
    public List<PairingRequest> pending(String channel, String accountId) {
        return pendingMatching(channel + ":" + accountId + ":");
    }

    /** Every pending, unexpired request. */
    public List<PairingRequest> pending() {
        return pendingMatching("");
    }

    /**
     * Approves the code (of {@code accountId}, or of any account of the channel when null).
     * Returns the request it approved, or empty for an unknown or expired code.
     */
    public synchronized Optional<PairingRequest> approve(String channel, String code, String accountId) {
        Optional<PairingRequest> found = find(channel, code, accountId);
        found.ifPresent(r -> {
            ObjectNode approval = MAPPER.createObjectNode().put("code", r.code())
                    .put("approvedAt", clock.instant().toString());
            if (r.senderName() != null) {
                approval.put("senderName", r.senderName());
            }
            store.put(APPROVED, key(channel, r.accountId(), r.senderId()), approval.toString());
            store.delete(PENDING, key(channel, r.accountId(), r.code()));
        });
        return found;
    }

    public synchronized Optional<PairingRequest> deny(String channel, String code, String accountId) {
        Optional<PairingRequest> found = find(channel, code, accountId);
        found.ifPresent(r -> store.delete(PENDING, key(channel, r.accountId(), r.code())));
        return found;
    }

    /** Approved senders as {@code channel:account:senderId}. */
    public List<String> approved() {
        return store.list(APPROVED).stream().map(Map.Entry::getKey).toList();
    }

    private Optional<PairingRequest> find(String channel, String typedCode, String accountId) {
        String code = PairingCodes.normalize(typedCode);
        return pendingMatching(channel + ":").stream()
                .filter(r -> r.code().equals(code) && (accountId == null || accountId.equals(r.accountId())))
                .findFirst();
    }

    private List<PairingRequest> pendingMatching(String keyPrefix) {
        Instant now = clock.instant();
        List<PairingRequest> result = new ArrayList<>();
        for (Map.Entry<String, String> e : store.list(PENDING)) {
            if (!e.getKey().startsWith(keyPrefix)) {
                continue;
            }
            PairingRequest r = fromJson(e.getValue());
            if (!now.isBefore(r.expiresAt())) {
                store.delete(PENDING, e.getKey());
            } else {
                result.add(r);
            }
        }
        return result;
    }

    private static String key(String channel, String accountId, String last) {
        return channel + ":" + (accountId != null ? accountId : "default") + ":" + last;
    }

    private static String toJson(PairingRequest r) {
        ObjectNode n = MAPPER.createObjectNode().put("channel", r.channel()).put("accountId", r.accountId())
                .put("code", r.code()).put("senderId", r.senderId())
                .put("createdAt", r.createdAt().toString()).put("expiresAt", r.expiresAt().toString());
        if (r.senderName() != null) {
            n.put("senderName", r.senderName());
        }
        return n.toString();
    }

    private static PairingRequest fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new PairingRequest(n.path("channel").asText(), n.path("accountId").asText(),
                    n.path("code").asText(), n.path("senderId").asText(), n.path("senderName").asText(null),
                    Instant.parse(n.path("createdAt").asText()), Instant.parse(n.path("expiresAt").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
