package io.pigateway.tools;

import io.pigateway.rpc.PiProcessListener;
import io.pigateway.security.GatewayToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One random secret per pi process, handed over in its environment with the tool URL. A call to
 * the tool endpoints names its process by that secret; the secret dies with the process. Lookups
 * go by the secret's SHA-256 and end with a constant-time comparison, so timing tells nothing.
 */
public final class ToolSecrets {
    public static final String ENV_URL = "PI_GATEWAY_TOOLS_URL";
    public static final String ENV_SECRET = "PI_GATEWAY_TOOLS_SECRET";

    /** A pi process: its pool and its id within the pool. */
    public record ProcessRef(String pool, long processId) {
    }

    private record Issued(ProcessRef process, byte[] secret) {
    }

    private final String toolsUrl;
    private final Map<String, Issued> byDigest = new ConcurrentHashMap<>();
    private final Map<ProcessRef, String> digestByProcess = new ConcurrentHashMap<>();

    /** @param toolsUrl where the extension posts, e.g. {@code http://127.0.0.1:18789/api/tools} */
    public ToolSecrets(String toolsUrl) {
        this.toolsUrl = toolsUrl;
    }

    /** The hooks for one pool's processes (see {@link io.pigateway.rpc.PiRpcComponent#setProcessListeners}). */
    public PiProcessListener forPool(String pool) {
        return new PiProcessListener() {
            @Override
            public Map<String, String> envFor(long processId) {
                return issue(new ProcessRef(pool, processId));
            }

            @Override
            public void onExit(long processId) {
                revoke(new ProcessRef(pool, processId));
            }
        };
    }

    Map<String, String> issue(ProcessRef process) {
        String secret = GatewayToken.randomToken();
        String digest = digest(secret);
        byDigest.put(digest, new Issued(process, secret.getBytes(StandardCharsets.UTF_8)));
        String old = digestByProcess.put(process, digest);
        if (old != null) {
            byDigest.remove(old);
        }
        return Map.of(ENV_URL, toolsUrl, ENV_SECRET, secret);
    }

    void revoke(ProcessRef process) {
        String digest = digestByProcess.remove(process);
        if (digest != null) {
            byDigest.remove(digest);
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

    private static String digest(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
