package io.pigateway.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, for the {@link AttemptLimiter}: the socket's address, except that
 * {@code X-Forwarded-For} is believed when (and only as far as) the hops that added it are
 * listed in {@code gateway.trustedProxies}. IPv6 clients are keyed by their /64, the block one
 * host usually owns entirely, so rotating addresses inside it does not reset the count. The key is
 * never used to grant anything: a loopback address, forwarded or not, is just another client.
 */
public final class ClientKeys {
    private final List<Cidr> trusted;

    /** @param trustedProxies IP literals or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) */
    public ClientKeys(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            parsed.add(Cidr.parse(entry));
        }
        this.trusted = List.copyOf(parsed);
    }

    public static ClientKeys direct() {
        return new ClientKeys(List.of());
    }

    /**
     * @param remote        the socket's remote IP literal (may be null)
     * @param forwardedFor  the {@code X-Forwarded-For} header, or null
     */
    public String key(String remote, String forwardedFor) {
        InetAddress address = literal(remote);
        if (address == null) {
            return remote != null ? remote : "unknown";
        }
        if (forwardedFor != null && isTrusted(address)) {
            // walk from the nearest hop outwards: the first hop we do not trust is the client
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = literal(hops[i].trim());
                if (hop == null) {
                    break; // garbage in the chain: stop at the last hop we could read
                }
                address = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return keyOf(address);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static String keyOf(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return key.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /** An IP literal (never a DNS lookup), or null. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        if (!t.matches("[0-9.]+") && !(t.contains(":") && t.matches("[0-9a-fA-F:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block; a bare address is a block of one. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String entry) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            InetAddress address = literal(slash >= 0 ? text.substring(0, slash) : text);
            if (address == null) {
                throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or CIDR block");
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash >= 0 ? Integer.parseInt(text.substring(slash + 1)) : bits;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + entry + "\" has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("\"" + entry + "\" has a prefix length outside 0.." + bits);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
