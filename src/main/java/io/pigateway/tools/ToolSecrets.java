package io.pigateway.tools;

import io.pigateway.rpc.PiProcessListener;
import io.pigateway.security.GatewayToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One random secret per pi process, handed over in its environment with the tool URL. A call to
 * the tool endpoints names its process by that secret; the secret dies with the process. Lookups
 * go by the secret's SHA-256 and end with a constant-time comparison, so timing tells nothing.
 */
public final class ToolSecrets implements PiProcessListener {
    public static final String ENV_URL = "PI_GATEWAY_TOOLS_URL";
    public static final String ENV_SECRET = "PI_GATEWAY_TOOLS_SECRET";

    private record Issued(long processId, byte[] secret) {
    }

    private final String toolsUrl;
    private final Map<String, Issued> byDigest = new ConcurrentHashMap<>();
    private final Map<Long, String> digestByProcess = new ConcurrentHashMap<>();

    /** @param toolsUrl where the extension posts, e.g. {@code http://127.0.0.1:18789/api/tools} */
    public ToolSecrets(String toolsUrl) {
        this.toolsUrl = toolsUrl;
    }

    @Override
    public Map<String, String> envFor(long processId) {
        String secret = GatewayToken.randomToken();
        String digest = digest(secret);
        byDigest.put(digest, new Issued(processId, secret.getBytes(StandardCharsets.UTF_8)));
        String old = digestByProcess.put(processId, digest);
        if (old != null) {
            byDigest.remove(old);
        }
        return Map.of(ENV_URL, toolsUrl, ENV_SECRET, secret);
    }

    @Override
    public void onExit(long processId) {
        String digest = digestByProcess.remove(processId);
        if (digest != null) {
            byDigest.remove(digest);
        }
    }

    /** The live process that holds {@code secret}, if any. */
    public OptionalLong processFor(String secret) {
        if (secret == null || secret.isEmpty()) {
            return OptionalLong.empty();
        }
        Issued issued = byDigest.get(digest(secret));
        if (issued == null || !MessageDigest.isEqual(issued.secret(), secret.getBytes(StandardCharsets.UTF_8))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(issued.processId());
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
