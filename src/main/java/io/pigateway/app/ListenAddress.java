package io.pigateway.app;

import io.pigateway.config.GatewayConfig.GatewaySection;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns {@code gateway.bind} (and an optional {@code gateway.host}) into the address to listen on. */
public final class ListenAddress {
    private ListenAddress() {
    }

    /**
     * {@code loopback} → 127.0.0.1, {@code lan} → 0.0.0.0, {@code auto} → the configured host when it
     * is not a loopback address, else 127.0.0.1. Refuses to listen beyond loopback with auth off.
     */
    public static String resolve(GatewaySection gateway) {
        String host = switch (gateway.bind()) {
            case "lan" -> gateway.host() != null ? gateway.host() : "0.0.0.0";
            case "auto" -> gateway.host() != null && !isLoopback(gateway.host()) ? gateway.host() : "127.0.0.1";
            default -> "127.0.0.1";
        };
        if (!isLoopback(host) && "off".equals(gateway.auth().mode())) {
            throw new IllegalStateException("refusing to listen on " + host + " with gateway.auth.mode \"off\": "
                    + "anyone on the network could drive the agent. Set gateway.auth.mode to \"token\" or "
                    + "\"password\", or gateway.bind to \"loopback\".");
        }
        return host;
    }

    /**
     * Fails with a clear message when the port is taken: Vert.x would only log the bind error
     * asynchronously and leave a gateway running that nobody can reach.
     */
    public static void ensureFree(String host, int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("port " + port + " on " + host + " is already in use (another gateway?): "
                    + "stop that program, or start with --port N / set gateway.port");
        }
    }

    /** Decided without DNS: only "localhost" and literal addresses are looked at. */
    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
