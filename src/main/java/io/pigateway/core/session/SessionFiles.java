package io.pigateway.core.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where pi keeps a session's transcript: {@code <dataDir>/sessions/<safe-name>.jsonl}. */
public final class SessionFiles {

    private static final int READABLE_PREFIX_MAX = 80;
    private static final int HASH_HEX_CHARS = 16;

    private SessionFiles() {
    }

    public static Path sessionsDir(Path dataDir) {
        return dataDir.resolve("sessions");
    }

    /**
     * Where sandboxed pi processes get their private transcript slots: inside the sessions folder,
     * so moving a transcript in and out is a rename on one filesystem. No session file starts
     * with a dot, so the name cannot clash.
     */
    public static Path slotsDir(Path dataDir) {
        return slotsIn(sessionsDir(dataDir));
    }

    /** {@link #slotsDir} of a sessions folder given as such ({@code cluster.sessionsDir}). */
    public static Path slotsIn(Path sessionsDir) {
        return sessionsDir.resolve(".slots");
    }

    /**
     * The transcript file of a session. The name is a readable, sanitized prefix of the key plus a
     * hash of the whole key, so different keys never share a file (sanitizing alone would map
     * {@code a:b} and {@code a_b} together) and no key can name a path outside the directory.
     */
    public static Path pathFor(Path dataDir, String key) {
        return pathIn(sessionsDir(dataDir), key);
    }

    /** {@link #pathFor} in a sessions folder given as such ({@code cluster.sessionsDir}). */
    public static Path pathIn(Path sessionsDir, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("session key is empty");
        }
        String readable = key.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > READABLE_PREFIX_MAX) {
            readable = readable.substring(0, READABLE_PREFIX_MAX);
        }
        Path dir = sessionsDir.toAbsolutePath().normalize();
        Path file = dir.resolve(readable + "-" + shortHash(key) + ".jsonl").normalize();
        if (!dir.equals(file.getParent())) {
            // unreachable with the character set above; kept as the last line of defence
            throw new IllegalArgumentException("session file would escape " + dir);
        }
        return file;
    }

    private static String shortHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
