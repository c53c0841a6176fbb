package io.pigateway.security.pairing;

import java.time.Instant;

/** A stranger asked to talk to the bot; the operator approves or denies {@code code}. */
public record PairingRequest(String channel, String accountId, String code, String senderId, String senderName,
                             Instant createdAt, Instant expiresAt) {
}
