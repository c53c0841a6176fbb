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
 * A bearer token (the gateway's, or the hooks'): taken from config, or generated once and kept in
 * {@code dataDir/gateway-token} ({@code hooks-token}) with mode 0600. Comparison is constant-time. A
 * stored token can be rotated ({@link #rotate}): the new one is written and accepted at once, the
 * old one keeps working for a grace period, then is refused. Each rotation starts a new
 * generation, so a connection signed in earlier can ask whether its token is still accepted.
 */
public final class GatewayToken {
    static final String FILE_NAME = "gateway-token";
    static final String HOOKS_FILE_NAME = "hooks-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile String token;
    private final boolean generated;
    /** The stored token's file; null for a configured token (the config owns it: not rotated here). */
    private final Path file;
    private volatile String previous;
    private volatile long previousUntil;
    /** The config key that would hold this token instead (named when a configured one cannot rotate). */
    private final String configKey;
    private volatile long generation;

    private GatewayToken(String token, boolean generated, Path file, String configKey) {
        this.token = token;
        this.generated = generated;
        this.file = file;
        this.configKey = configKey;
    }

    /** The configured token, else the stored one, else a new one (stored, {@link #generated()} true). */
    public static GatewayToken resolve(String configured, Path dataDir) {
        return resolve(configured, dataDir, FILE_NAME, "gateway.auth.token");
    }

    /** The hooks' token ({@code hooks.token}), kept like the gateway's in {@code dataDir/hooks-token}. */
    public static GatewayToken resolveHooks(String configured, Path dataDir) {
        return resolve(configured, dataDir, HOOKS_FILE_NAME, "hooks.token");
    }

    private static GatewayToken resolve(String configured, Path dataDir, String fileName, String configKey) {
        if (configured != null && !configured.isBlank()) {
            return new GatewayToken(configured, false, null, configKey);
        }
        Path file = dataDir.resolve(fileName);
        try {
            if (Files.isRegularFile(file)) {
                return new GatewayToken(Files.readString(file, StandardCharsets.UTF_8).trim(), false, file, configKey);
            }
            Files.createDirectories(dataDir);
            String fresh = randomToken();
            write(file, fresh);
            return new GatewayToken(fresh, true, file, configKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + fileName + " in " + dataDir, e);
        }
    }

    /** A fixed token (e.g. a section's own token from config). */
    public static GatewayToken of(String value) {
        return new GatewayToken(value, false, null, "auth.token");
    }

    /** Where the stored token lives; null for a configured one. */
    public Path file() {
        return file;
    }

    /** Whether {@link #rotate} can replace this token (it is the stored one, not the config's). */
    public boolean rotatable() {
        return file != null;
    }

    /**
     * Writes a new token and accepts it at once; the current one stays valid for {@code graceMs}
     * (0: refused at once). Returns the new token (show it once; never log it).
     *
     * @throws IllegalStateException for a token from the config (e.g. {@code gateway.auth.token})
     */
    public synchronized String rotate(long graceMs) {
        if (file == null) {
            throw new IllegalStateException("the token comes from the config (" + configKey + "): change it there "
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
        generation++;
        return fresh;
    }

    /** Until when the token before the last rotation is still accepted (epoch ms; 0 if none). */
    public long previousValidUntil() {
        return previous != null ? previousUntil : 0;
    }

    /** Atomically, owner-only: a reader never sees half a token. */
    private static void write(Path file, String value) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
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

    /** The token before the last rotation, presented after its grace period ended: a sign-in to renew, not a guess. */
    public boolean retired(String presented) {
        String old = previous;
        return old != null && System.currentTimeMillis() >= previousUntil && matches(old, presented)
                && !matches(token, presented);
    }

    /**
     * The generation a presented token belongs to: the current one, or the one before while its
     * grace lasts; -1 when it is not accepted. See {@link #accepts(long)}.
     */
    public long generationOf(String presented) {
        long current = generation;
        if (matches(token, presented)) {
            return current;
        }
        return matches(presented) ? current - 1 : -1;
    }

    /** Whether a token of this generation is still accepted (a later rotation's grace may have ended). */
    public boolean accepts(long tokenGeneration) {
        long current = generation;
        return tokenGeneration == current
                || (tokenGeneration == current - 1 && previous != null && System.currentTimeMillis() < previousUntil);
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
