package io.pigateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The gateway's bearer token: taken from config, or generated once and kept in
 * {@code dataDir/gateway-token} with mode 0600. Comparison is constant-time.
 */
public final class GatewayToken {
    static final String FILE_NAME = "gateway-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final boolean generated;

    private GatewayToken(String token, boolean generated) {
        this.token = token;
        this.generated = generated;
    }

    /** The configured token, else the stored one, else a new one (stored, {@link #generated()} true). */
    public static GatewayToken resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new GatewayToken(configured, false);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                return new GatewayToken(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
            }
            Files.createDirectories(dataDir);
            String fresh = randomToken();
            Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new GatewayToken(fresh, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the gateway token in " + dataDir, e);
        }
    }

    /** A fixed token (e.g. a section's own token from config). */
    public static GatewayToken of(String value) {
        return new GatewayToken(value, false);
    }

    /** 32 random bytes, URL-safe. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Constant-time check of a presented secret against an expected one (null-safe). */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean matches(String presented) {
        return matches(token, presented);
    }

    public String value() {
        return token;
    }

    /** True when this run created the token (print it once). */
    public boolean generated() {
        return generated;
    }

    @Override
    public String toString() {
        return "GatewayToken[***]";
    }
}
