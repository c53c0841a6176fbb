package io.pigateway.security.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a URL host as an IP literal the way resolvers and browsers do, so no notation slips past
 * the guard: dotted IPv4 with 1-4 parts in decimal, hex ({@code 0x7f}) or octal ({@code 0177}),
 * a bare number ({@code 2130706433}), and bracketed IPv6 ({@code [::1]},
 * {@code [::ffff:127.0.0.1]}). Never touches DNS.
 */
public final class IpLiterals {
    private IpLiterals() {
    }

    /** A host whose last label is numeric but which is no valid IPv4 (e.g. {@code 1.2.3.999}). */
    public static final class MalformedAddressException extends IllegalArgumentException {
        MalformedAddressException(String host) {
            super("malformed numeric address: " + host);
        }
    }

    /** The address, or empty when {@code host} is a name. */
    public static Optional<InetAddress> parse(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            return Optional.of(ipv6(host, h));
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "127.0.0.1." is the same host
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (!isNumberPart(last)) {
            return Optional.empty();
        }
        return Optional.of(ipv4(host, h));
    }

    /** Whether the IPv6 literal embeds an IPv4 address as {@code ::ffff:a.b.c.d} (Java returns it as IPv4). */
    public static boolean isIpv4Mapped(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        if (!h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h) instanceof java.net.Inet4Address;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static InetAddress ipv6(String original, String h) {
        if (!h.matches("[0-9a-f:.%]+") || h.indexOf('%') >= 0) {
            throw new MalformedAddressException(original); // zone ids and junk have no place in a URL here
        }
        try {
            return InetAddress.getByName(h); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            throw new MalformedAddressException(original);
        }
    }

    private static InetAddress ipv4(String original, String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            throw new MalformedAddressException(original);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i], original);
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                throw new MalformedAddressException(original);
            }
            address = (address << 8) | values[i];
        }
        int restBytes = 4 - (parts.length - 1); // the last part fills every remaining byte
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * restBytes))) {
            throw new MalformedAddressException(original);
        }
        address = (address << (8 * restBytes)) | last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new MalformedAddressException(original);
        }
    }

    private static boolean isNumberPart(String part) {
        return part.matches("0x[0-9a-f]*|[0-9]+");
    }

    private static long number(String part, String original) {
        try {
            if (part.startsWith("0x")) {
                return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw new MalformedAddressException(original);
        }
    }
}
