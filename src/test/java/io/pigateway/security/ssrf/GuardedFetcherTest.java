package io.pigateway.security.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.pigateway.config.GatewayConfig.SsrfGuardConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real fetches, only ever towards 127.0.0.1: with loopback blocked nothing may reach the local
 * server; with 127.0.0.1 allowed the file arrives, and redirects are re-checked hop by hop.
 */
class GuardedFetcherTest {
    @TempDir
    Path dir;
    HttpServer server;
    int port;
    final List<String> hits = new CopyOnWriteArrayList<>();
    Vertx vertx;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.add(ex.getRequestURI().toString() + " host=" + ex.getRequestHeaders().getFirst("Host"));
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/redirect/")) {
                ex.getResponseHeaders().set("Location", path.substring("/redirect/".length()).replace("PORT", "" + port));
                ex.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/loop")) {
                ex.getResponseHeaders().set("Location", "/loop");
                ex.sendResponseHeaders(301, -1);
            } else if (path.equals("/empty")) {
                ex.sendResponseHeaders(200, -1);
            } else if (path.equals("/file.txt")) {
                byte[] body = "file content".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.close();
    }

    private GuardedFetcher fetcher(List<String> allowed, SsrfGuard.Resolver dns) {
        return new GuardedFetcher(vertx, new SsrfGuard(new SsrfGuardConfig(true, true, true, allowed), dns), 1024, 10_000);
    }

    @Test
    void loopbackInAnyNotationIsRefusedBeforeAnyConnection() {
        GuardedFetcher fetcher = fetcher(List.of(), InetAddress::getAllByName);
        for (String host : List.of("127.0.0.1", "[::1]", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "localhost",
                "[::ffff:127.0.0.1]")) {
            assertThatThrownBy(() -> fetcher.fetch("http://" + host + ":" + port + "/file.txt", dir)).as(host)
                    .isInstanceOf(SsrfGuard.BlockedException.class).hasMessageContaining("blocked by SSRF guard");
        }
        assertThat(hits).isEmpty();
        fetcher.close();
    }

    @Test
    void allowedLoopbackIsFetchedAndRedirectsAreCheckedAgain() throws Exception {
        GuardedFetcher fetcher = fetcher(List.of("127.0.0.1"), InetAddress::getAllByName);
        GuardedFetcher.Fetched got = fetcher.fetch("http://127.0.0.1:" + port + "/file.txt", dir);
        assertThat(Files.readString(got.file())).isEqualTo("file content");
        assertThat(got.contentType()).isEqualTo("text/plain");

        assertThat(Files.size(fetcher.fetch("http://127.0.0.1:" + port + "/empty", dir).file())).isZero();
        GuardedFetcher.Fetched redirected = fetcher.fetch("http://127.0.0.1:" + port + "/redirect/http://127.0.0.1:PORT/file.txt", dir);
        assertThat(Files.readString(redirected.file())).isEqualTo("file content");

        hits.clear();
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/redirect/http://localhost:PORT/file.txt", dir))
                .isInstanceOf(SsrfGuard.BlockedException.class).hasMessageContaining("localhost");
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/redirect/http://%5B::1%5D:PORT/file.txt", dir))
                .isInstanceOf(SsrfGuard.BlockedException.class);
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port
                + "/redirect/http://169.254.169.254/latest/meta-data/", dir)).isInstanceOf(SsrfGuard.BlockedException.class);
        assertThat(hits).hasSize(3).allSatisfy(h -> assertThat(h).startsWith("/redirect/")); // the blocked hops never left

        hits.clear();
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/loop", dir))
                .isInstanceOf(IOException.class).hasMessageContaining("too many redirects");
        assertThat(hits).hasSize(GuardedFetcher.MAX_REDIRECTS + 1);
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/missing", dir))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
        fetcher.close();
    }

    @Test
    void theConnectionUsesTheCheckedAddressWithTheNameAsHost() throws Exception {
        // "files.test" exists only in this fake DNS: if the client resolved it again, the fetch would fail
        GuardedFetcher fetcher = fetcher(List.of("files.test"),
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        GuardedFetcher.Fetched got = fetcher.fetch("http://files.test:" + port + "/file.txt", dir);
        assertThat(Files.readString(got.file())).isEqualTo("file content");
        assertThat(hits).containsExactly("/file.txt host=files.test:" + port);
        fetcher.close();
    }

    @Test
    void oversizedBodiesAreCut() {
        GuardedFetcher small = new GuardedFetcher(vertx, new SsrfGuard(new SsrfGuardConfig(true, true, true,
                List.of("127.0.0.1"))), 4, 10_000);
        assertThatThrownBy(() -> small.fetch("http://127.0.0.1:" + port + "/file.txt", dir))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 4 bytes");
        small.close();
    }
}
