package io.pigateway.security.pairing;

import java.time.Instant;

/**
 * A stranger asked to talk to the bot; the operator approves or denies {@code code}. The sender's
 * name is the stranger's own text: control and format characters (terminal escapes, bidi
 * overrides that reorder what {@code pairing list} shows) are removed and its length is capped.
 */
public record PairingRequest(String channel, String accountId, String code, String senderId, String senderName,
                             Instant createdAt, Instant expiresAt) {
    static final int MAX_NAME_LENGTH = 64;

    public PairingRequest {
        senderName = safeName(senderName);
        senderId = safeName(senderId);
    }

    static String safeName(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}]", "").strip();
        if (clean.codePointCount(0, clean.length()) > MAX_NAME_LENGTH) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME_LENGTH)) + "…";
        }
        return clean.isEmpty() ? null : clean;
    }
}
