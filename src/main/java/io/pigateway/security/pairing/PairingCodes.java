package io.pigateway.security.pairing;

import java.security.SecureRandom;

/** Pairing codes: 8 characters from an alphabet without look-alikes (no 0, O, 1, I). */
public final class PairingCodes {
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingCodes() {
    }

    public static String next() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Upper-cases what an operator typed and checks its shape. */
    public static String normalize(String typed) {
        String code = typed == null ? "" : typed.strip().toUpperCase(java.util.Locale.ROOT);
        if (code.length() != LENGTH || code.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            throw new IllegalArgumentException("A pairing code is " + LENGTH + " characters from " + ALPHABET);
        }
        return code;
    }
}
