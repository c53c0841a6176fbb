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
 * {@code dataDir/gateway-token} with mode 0600. Comparison is constant-time. A stored token can be
 * rotated ({@link #rotate}): the new one is written and accepted at once, the old one keeps
 * working for a grace period, then is refused.
 */
public final class GatewayToken {
    static final String FILE_NAME = "gateway-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile String token;
    private final boolean generated;
    /** The stored token's file; null for a configured token (the config owns it: not rotated here). */
    private final Path file;
    private volatile String previous;
    private volatile long previousUntil;

    private GatewayToken(String token, boolean generated, Path file) {
        this.token = token;
        this.generated = generated;
        this.file = file;
    }

    /** The configured token, else the stored one, else a new one (stored, {@link #generated()} true). */
    public static GatewayToken resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new GatewayToken(configured, false, null);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                return new GatewayToken(Files.readString(file, StandardCharsets.UTF_8).trim(), false, file);
            }
            Files.createDirectories(dataDir);
            String fresh = randomToken();
            write(file, fresh);
            return new GatewayToken(fresh, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the gateway token in " + dataDir, e);
        }
    }

    /** A fixed token (e.g. a section's own token from config). */
    public static GatewayToken of(String value) {
        return new GatewayToken(value, false, null);
    }

    /** Whether {@link #rotate} can replace this token (it is the stored one, not the config's). */
    public boolean rotatable() {
        return file != null;
    }

    /**
     * Writes a new token and accepts it at once; the current one stays valid for {@code graceMs}
     * (0: refused at once). Returns the new token (show it once; never log it).
     *
     * @throws IllegalStateException for a token from the config ({@code gateway.auth.token})
     */
    public synchronized String rotate(long graceMs) {
        if (file == null) {
            throw new IllegalStateException("the token comes from the config (gateway.auth.token): change it there "
                    + "and restart, or remove it to let the gateway keep and rotate its own");
        }
        String fresh = randomToken();
        try {
            write(file, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the new gateway token to " + file, e);
        }
        previousUntil = System.currentTimeMillis() + Math.max(0, graceMs);
        previous = token;
        token = fresh;
        return fresh;
    }

    /** Until when the token before the last rotation is still accepted (epoch ms; 0 if none). */
    public long previousValidUntil() {
        return previous != null ? previousUntil : 0;
    }

    /** Atomically, owner-only: a reader never sees half a token. */
    private static void write(Path file, String value) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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

    /** The current token, or the one before the last rotation while its grace period lasts. */
    public boolean matches(String presented) {
        String old = previous;
        boolean current = matches(token, presented);
        boolean inGrace = old != null && matches(old, presented) && System.currentTimeMillis() < previousUntil;
        return current || inGrace;
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
