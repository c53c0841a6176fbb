package io.pigateway.tools;

import io.pigateway.rpc.PiProcessListener;
import io.pigateway.security.GatewayToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One random secret per pi process. It never travels in the environment ({@code /proc/<pid>/environ}
 * keeps a spawn's environment for the process's life, readable by any process of the same user):
 * it is written to a 0600 file in a 0700 directory whose path alone is in the environment
 * ({@value #ENV_HANDOVER}); the extension reads and unlinks it when it loads, and the gateway
 * deletes it anyway once pi answers (the extension has loaded by then). A call names its process by
 * the secret; the endpoint acts only while that process runs a turn, for that turn's session, and
 * the secret dies with the process. Lookups go by SHA-256 and end with a constant-time comparison.
 */
public final class ToolSecrets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToolSecrets.class);
    public static final String ENV_URL = "PI_GATEWAY_TOOLS_URL";
    /** Path of the one-shot file holding the secret (no "secret" in the name: it is not one). */
    public static final String ENV_HANDOVER = "PI_GATEWAY_TOOLS_HANDOVER";
    /** The folder of that file, one per process: a sandbox binds only this process's own. */
    public static final String ENV_HANDOVER_DIR = "PI_GATEWAY_TOOLS_HANDOVER_DIR";

    /** A pi process: its pool and its id within the pool. */
    public record ProcessRef(String pool, long processId) {
    }

    private record Issued(ProcessRef process, byte[] secret) {
    }

    private final String toolsUrl;
    private final Path handoverDir;
    private final Map<String, Issued> byDigest = new ConcurrentHashMap<>();
    private final Map<ProcessRef, String> digestByProcess = new ConcurrentHashMap<>();
    private final Map<ProcessRef, Path> handoverFiles = new ConcurrentHashMap<>();

    /** As below, with a fresh 0700 directory under the system temp dir (outside {@code dataDir}). */
    public ToolSecrets(String toolsUrl) {
        this(toolsUrl, freshDir());
    }

    /**
     * @param toolsUrl    where the extension posts, e.g. {@code http://127.0.0.1:18789/api/tools}
     * @param handoverDir where the one-shot secret files are written (made 0700); pi must be able
     *                    to read and unlink files there (a sandbox binds it)
     */
    public ToolSecrets(String toolsUrl, Path handoverDir) {
        this.toolsUrl = toolsUrl;
        this.handoverDir = handoverDir.toAbsolutePath();
    }

    /** The directory pi reads its secret file from (a sandbox must make it visible, read-write). */
    public Path handoverDir() {
        return handoverDir;
    }

    /** The hooks for one pool's processes (see {@link io.pigateway.rpc.PiRpcComponent#setProcessListeners}). */
    public PiProcessListener forPool(String pool) {
        return new PiProcessListener() {
            @Override
            public Map<String, String> envFor(long processId) {
                return issue(new ProcessRef(pool, processId));
            }

            @Override
            public void onReady(long processId) {
                handedOver(new ProcessRef(pool, processId));
            }

            @Override
            public void onExit(long processId) {
                revoke(new ProcessRef(pool, processId));
            }
        };
    }

    Map<String, String> issue(ProcessRef process) {
        String secret = GatewayToken.randomToken();
        Path file = writeHandover(secret);
        String digest = digest(secret);
        byDigest.put(digest, new Issued(process, secret.getBytes(StandardCharsets.UTF_8)));
        String old = digestByProcess.put(process, digest);
        if (old != null) {
            byDigest.remove(old);
        }
        Path oldFile = handoverFiles.put(process, file);
        if (oldFile != null) {
            deleteQuietly(oldFile);
        }
        return Map.of(ENV_URL, toolsUrl, ENV_HANDOVER, file.toString(), ENV_HANDOVER_DIR, file.getParent().toString());
    }

    /** pi answered: its extension has read the file; if it did not unlink it, the gateway does. */
    void handedOver(ProcessRef process) {
        Path file = handoverFiles.remove(process);
        if (file != null && deleteQuietly(file)) {
            LOG.warn("pi process {} of pool '{}' did not take its tools secret (is the extension loaded?)",
                    process.processId(), process.pool());
        }
        if (file != null) {
            deleteQuietly(file.getParent());
        }
    }

    void revoke(ProcessRef process) {
        String digest = digestByProcess.remove(process);
        if (digest != null) {
            byDigest.remove(digest);
        }
        Path file = handoverFiles.remove(process);
        if (file != null) {
            deleteQuietly(file);
            deleteQuietly(file.getParent());
        }
    }

    /** The live process that holds {@code secret}, if any. */
    public Optional<ProcessRef> processFor(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        Issued issued = byDigest.get(digest(secret));
        if (issued == null || !MessageDigest.isEqual(issued.secret(), secret.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(issued.process());
    }

    /** For tests: the secret of some live process of {@code pool}. */
    Optional<String> anySecretOf(String pool) {
        return digestByProcess.keySet().stream().filter(p -> p.pool().equals(pool)).findFirst()
                .flatMap(this::secretOf);
    }

    /** For tests: the secret a live process holds. */
    Optional<String> secretOf(ProcessRef process) {
        String digest = digestByProcess.get(process);
        Issued issued = digest != null ? byDigest.get(digest) : null;
        return issued != null ? Optional.of(new String(issued.secret(), StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Deletes any file not yet handed over, and the directory. */
    @Override
    public void close() {
        handoverFiles.values().forEach(f -> {
            deleteQuietly(f);
            deleteQuietly(f.getParent());
        });
        handoverFiles.clear();
        deleteQuietly(handoverDir);
    }

    private Path writeHandover(String secret) {
        try {
            ensurePrivateDir(handoverDir);
            Path own = handoverDir.resolve(GatewayToken.randomToken().substring(0, 16));
            Files.createDirectory(own, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = own.resolve("key");
            // created 0600 in one step (CREATE_NEW: never follows or reuses a planted file)
            try (SeekableByteChannel ch = Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ch.write(ByteBuffer.wrap(secret.getBytes(StandardCharsets.UTF_8)));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tools secret for pi under " + handoverDir, e);
        }
    }

    private static void ensurePrivateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static Path freshDir() {
        try {
            return Files.createTempDirectory("pi-gateway-tools-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private temp directory for the tools secrets", e);
        }
    }

    /** @return whether there was something to delete */
    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.getMessage());
            return false;
        }
    }

    private static String digest(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
