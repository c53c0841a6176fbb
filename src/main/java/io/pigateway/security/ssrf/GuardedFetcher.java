package io.pigateway.security.ssrf;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads a URL for the agent through the {@link SsrfGuard}: each hop is checked, the
 * connection goes to the address the guard checked (the Host header and TLS name stay the URL's
 * host), redirects are followed by hand (at most {@link #MAX_REDIRECTS}) and checked again, and
 * the body is capped. Blocking: call it off the event loop.
 */
public final class GuardedFetcher implements AutoCloseable {
    public static final int MAX_REDIRECTS = 3;

    private final java.util.function.Supplier<SsrfGuard> guard;
    private final HttpClient client;
    private final long maxBytes;
    private final long timeoutMs;

    /** What was fetched and where it landed. */
    public record Fetched(Path file, String contentType, URI finalUrl) {
    }

    public GuardedFetcher(Vertx vertx, SsrfGuard guard, long maxBytes, long timeoutMs) {
        this(vertx, () -> guard, maxBytes, timeoutMs);
    }

    /** @param guard the guard for each fetch (e.g. built from the current config, so a reload applies) */
    public GuardedFetcher(Vertx vertx, java.util.function.Supplier<SsrfGuard> guard, long maxBytes, long timeoutMs) {
        this.guard = guard;
        this.maxBytes = maxBytes;
        this.timeoutMs = timeoutMs;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(timeoutMs, 10_000))
                .setForceSni(true).setVerifyHost(true).setKeepAlive(false));
    }

    /**
     * Fetches {@code url} into a new file under {@code dir}.
     *
     * @throws SsrfGuard.BlockedException when a hop is refused
     * @throws IOException                on HTTP errors, size or time limits
     */
    public Fetched fetch(String url, Path dir) throws SsrfGuard.BlockedException, IOException {
        URI current;
        try {
            current = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL");
        }
        SsrfGuard rules = guard.get();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            List<InetAddress> addresses = rules.check(current);
            Hop result = get(current, addresses.get(0), dir);
            if (result.location() == null) {
                return new Fetched(result.file(), result.contentType(), current);
            }
            current = current.resolve(result.location());
        }
        throw new IOException("too many redirects (more than " + MAX_REDIRECTS + ")");
    }

    private record Hop(Path file, String contentType, String location) {
    }

    private Hop get(URI url, InetAddress address, Path dir) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(url.getHost().replace("[", "").replace("]", "")).setPort(port).setSsl(https)
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .setFollowRedirects(false).setIdleTimeout(timeoutMs);
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fetch-", ".part");
        CompletableFuture<Hop> done = new CompletableFuture<>();
        OutputStream out = Files.newOutputStream(file);
        // the body handlers go on inside the send's own event-loop task: attached later (from this
        // thread, once the future completed) the body could already have gone by, leaving an empty file
        client.request(options)
                .compose(req -> req.send().onSuccess(response -> receive(response, out, file, done)))
                .onFailure(done::completeExceptionally);
        try {
            Hop hop = done.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (hop.location() != null) {
                Files.deleteIfExists(file);
            }
            return hop;
        } catch (ExecutionException e) {
            Files.deleteIfExists(file);
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("fetch failed: " + cause.getMessage());
        } catch (TimeoutException e) {
            Files.deleteIfExists(file);
            throw new IOException("the download took longer than " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(file);
            throw new IOException("interrupted");
        } finally {
            out.close();
        }
    }

    private void receive(HttpClientResponse response, OutputStream out, Path file, CompletableFuture<Hop> done) {
        int status = response.statusCode();
        try {
            response.exceptionHandler(done::completeExceptionally); // also quiets the reset below
        } catch (IllegalStateException alreadyEnded) {
            // a body-less answer (e.g. a redirect) may be complete before we get here
        }
        if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
            done.complete(new Hop(file, null, response.getHeader("Location")));
            response.request().reset();
            return;
        }
        if (status != 200) {
            done.completeExceptionally(new IOException("HTTP " + status));
            response.request().reset();
            return;
        }
        String declared = response.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxBytes) {
            done.completeExceptionally(new IOException("the file is larger than " + maxBytes + " bytes"));
            response.request().reset();
            return;
        }
        long[] received = {0};
        try {
            streamBody(response, out, file, done, received);
        } catch (IllegalStateException alreadyEnded) {
            done.complete(new Hop(file, response.getHeader("Content-Type"), null)); // it had no body
        }
    }

    private void streamBody(HttpClientResponse response, OutputStream out, Path file, CompletableFuture<Hop> done,
                            long[] received) {
        response.handler(buffer -> {
            received[0] += buffer.length();
            if (received[0] > maxBytes) {
                done.completeExceptionally(new IOException("the file is larger than " + maxBytes + " bytes"));
                response.request().reset();
                return;
            }
            try {
                out.write(buffer.getBytes());
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        response.endHandler(v -> done.complete(new Hop(file, response.getHeader("Content-Type"), null)));
    }

    @Override
    public void close() {
        client.close();
    }
}
