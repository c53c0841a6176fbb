package io.pigateway.channel.feishu;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Feishu's event callback crypto: the {@code encrypt} field is base64 of IV (16 bytes) followed by
 * AES-256-CBC ciphertext under SHA-256(encryptKey), PKCS#7 padded; {@code X-Lark-Signature} is hex
 * SHA-256(timestamp + nonce + encryptKey + raw body). Pure functions, no state.
 */
public final class FeishuCrypto {
    private FeishuCrypto() {
    }

    /** Decrypts an {@code encrypt} value; throws {@link IllegalArgumentException} when it is not one. */
    public static String decrypt(String encryptKey, String encrypted) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted.strip());
            if (all.length < 32 || all.length % 16 != 0) {
                throw new IllegalArgumentException("not an encrypted Feishu event");
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(all, 0, 16)));
            byte[] plain = cipher.doFinal(all, 16, all.length - 16);
            // padding stripped by hand, as Feishu's own SDKs do (it is PKCS#7 with 1..16 bytes)
            int pad = plain[plain.length - 1] & 0xff;
            if (pad < 1 || pad > 16) {
                throw new IllegalArgumentException("bad padding in an encrypted Feishu event");
            }
            return new String(plain, 0, plain.length - pad, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("could not decrypt a Feishu event: " + e.getMessage(), e);
        }
    }

    /** The expected {@code X-Lark-Signature} of a callback request. */
    public static String signature(String timestamp, String nonce, String encryptKey, String rawBody) {
        String joined = (timestamp != null ? timestamp : "") + (nonce != null ? nonce : "") + encryptKey
                + (rawBody != null ? rawBody : "");
        return HexFormat.of().formatHex(sha256(joined));
    }

    /** Compares the presented signature with the expected one in constant time. */
    public static boolean signatureMatches(String timestamp, String nonce, String encryptKey, String rawBody,
                                           String presented) {
        if (presented == null || presented.isBlank()) {
            return false;
        }
        byte[] expected = signature(timestamp, nonce, encryptKey, rawBody).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.strip().toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time string equality for tokens (false when either is null). */
    public static boolean tokenMatches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
