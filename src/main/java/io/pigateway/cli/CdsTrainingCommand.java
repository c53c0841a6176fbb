package io.pigateway.cli;

import io.pigateway.app.GatewayRuntime;
import io.pigateway.config.ConfigLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code pi-gw cds-train} (hidden): starts a throwaway gateway (loopback, a free port, a temp data
 * dir, no pi processes), answers one health check and one API call, and stops. The launcher records
 * its AppCDS archive from this run: only the classes a start needs, so every later start maps a
 * small archive (a long first run would archive everything it ever loaded, and an idle gateway
 * would carry all of it in memory).
 */
@Command(name = "cds-train", hidden = true, description = "Start and stop a throwaway gateway (AppCDS training run).")
public final class CdsTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("pi-gw-cds-");
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            // pool min 0: no pi is spawned, so the command only has to exist
            String jsonc = """
                    { "gateway": { "port": %d, "dataDir": "%s", "routesDir": "%s", "auth": { "mode": "token", "token": "%s" } },
                      "agent": { "piCliPath": "%s", "pool": { "min": 0, "max": 1 } } }
                    """.formatted(port, dir.resolve("data"), dir.resolve("routes"), token,
                    Path.of(System.getProperty("java.home"), "bin", "java"));
            try (GatewayRuntime gateway = new GatewayRuntime(ConfigLoader.parseLoaded(jsonc, Map.of()), 0,
                    new PrintStream(OutputStream.nullOutputStream()))) {
                gateway.start();
                get(port, "/health", null);
                get(port, "/api/sessions", token);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A bare HTTP/1.1 GET over a socket: an HTTP client library would end up in the archive too. */
    private static void get(int port, String path, String token) throws IOException {
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (token != null ? "Authorization: Bearer " + token + "\r\n" : "") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }
}
