package io.pigateway.security.ssrf;

import io.pigateway.config.GatewayConfig.SsrfGuardConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code security.ssrfGuard}: decides whether the gateway may fetch a URL on the agent's behalf.
 * {@link #check(URI)} runs before DNS (scheme, allow list, IP literals in any notation, localhost
 * names) and after it (every answer must pass); the caller connects to the returned addresses
 * only, so a second lookup cannot swap in another one. Redirects are checked hop by hop by the
 * fetcher. {@link #verdict(InetAddress)} is the pure address decision.
 */
public final class SsrfGuard {
    private final boolean enabled;
    private final boolean blockPrivate;
    private final boolean blockLocalhost;
    private final List<String> allowedHosts;
    private final Resolver resolver;

    /** DNS, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A refused URL; the message is fit for the agent. */
    public static final class BlockedException extends Exception {
        public BlockedException(String message) {
            super("blocked by SSRF guard: " + message);
        }
    }

    public SsrfGuard(SsrfGuardConfig config) {
        this(config, InetAddress::getAllByName);
    }

    public SsrfGuard(SsrfGuardConfig config, Resolver resolver) {
        this.enabled = config.enabled();
        this.blockPrivate = config.blockPrivateIPs();
        this.blockLocalhost = config.blockLocalhost();
        this.allowedHosts = config.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        this.resolver = resolver;
    }

    /**
     * The addresses to connect to for {@code url}, every one of them checked.
     *
     * @throws BlockedException when the URL, its host or any DNS answer is not allowed
     */
    public List<InetAddress> check(URI url) throws BlockedException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedException("only http and https URLs can be fetched");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            throw new BlockedException("the URL has no host");
        }
        if (url.getUserInfo() != null) {
            throw new BlockedException("URLs with credentials are not fetched");
        }
        boolean allowed = !enabled || isAllowedHost(host);
        Optional<InetAddress> literal;
        try {
            literal = IpLiterals.parse(host);
        } catch (IpLiterals.MalformedAddressException e) {
            throw new BlockedException(e.getMessage());
        }
        if (literal.isPresent()) {
            if (!allowed) {
                if (blockPrivate && IpLiterals.isIpv4Mapped(host)) {
                    throw new BlockedException(host + " is an IPv4-mapped IPv6 address");
                }
                refuse(host, literal.get());
            }
            return List.of(literal.get());
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (!allowed && blockLocalhost && (name.equals("localhost") || name.endsWith(".localhost")
                || name.equals("localhost."))) {
            throw new BlockedException(host + " is the local host");
        }
        InetAddress[] answers;
        try {
            answers = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new BlockedException("cannot resolve " + host);
        }
        if (!allowed) {
            for (InetAddress a : answers) {
                refuse(host, a); // one bad answer taints the name: the client could pick it
            }
        }
        return Arrays.asList(answers);
    }

    /** Why {@code address} may not be contacted, or empty when it may. */
    public Optional<String> verdict(InetAddress address) {
        if (!enabled || allowedHosts.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (address instanceof Inet6Address v6) {
            Optional<InetAddress> embedded = embeddedIpv4(v6);
            if (embedded.isPresent()) {
                return verdict(embedded.get()).map(why -> "embeds " + embedded.get().getHostAddress() + ", " + why);
            }
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || isZeroNetwork(address)) {
            return blockLocalhost ? Optional.of("a loopback address") : Optional.empty();
        }
        if (blockPrivate && isPrivate(address)) {
            return Optional.of("a private, link-local or reserved address");
        }
        return Optional.empty();
    }

    private void refuse(String host, InetAddress address) throws BlockedException {
        Optional<String> why = verdict(address);
        if (why.isPresent()) {
            String shown = host.equalsIgnoreCase(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
            throw new BlockedException(shown + " is " + why.get());
        }
    }

    private boolean isAllowedHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.equals(h) || allowed.equals("[" + h + "]") || ("[" + allowed + "]").equals(h)
                    || (allowed.startsWith("*.") && h.endsWith(allowed.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZeroNetwork(InetAddress a) {
        return a instanceof Inet4Address && a.getAddress()[0] == 0;
    }

    private static boolean isPrivate(InetAddress a) {
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return (b0 == 100 && b1 >= 64 && b1 < 128)     // carrier-grade NAT 100.64/10
                    || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (b0 == 198 && (b1 == 18 || b1 == 19))    // benchmarking
                    || b0 >= 240;                               // reserved and broadcast
        }
        return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }

    /**
     * IPv6 forms that carry an IPv4 address, judged by that address: IPv4-compatible
     * {@code ::a.b.c.d}, SIIT {@code ::ffff:0:a.b.c.d} (::ffff:0:0/96), NAT64 {@code 64:ff9b::/96}
     * and its local-use {@code 64:ff9b:1::/48} (last 32 bits), 6to4 {@code 2002::/16} (bits 16-48)
     * and Teredo {@code 2001::/32} (the client address, last 32 bits inverted).
     */
    static Optional<InetAddress> embeddedIpv4(Inet6Address v6) {
        byte[] b = v6.getAddress();
        byte[] tail = Arrays.copyOfRange(b, 12, 16);
        try {
            if (v6.isIPv4CompatibleAddress() && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
                return Optional.of(InetAddress.getByAddress(tail));
            }
            boolean siit = allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && allZero(b, 10, 12);
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && (allZero(b, 4, 12) || (b[4] == 0 && b[5] == 1)); // 64:ff9b::/96 and 64:ff9b:1::/48
            if (siit || nat64) {
                return Optional.of(InetAddress.getByAddress(tail));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6)));
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                byte[] client = new byte[4];
                for (int i = 0; i < 4; i++) {
                    client[i] = (byte) ~tail[i];
                }
                return Optional.of(InetAddress.getByAddress(client));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
