package io.pigateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/chat} over loopback with a Vert.x HTTP/1.1 client: one event loop, pooled
 * keep-alive connections, async, so one client drives hundreds of sessions. Measured on the
 * throughput run it costs ~4x less CPU per request than the JDK {@code HttpClient}, which shares the
 * two cores with the gateway it measures.
 */
final class ChatClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: HTTP status, {@code reply} (or the error code), and its latency. */
    record Answer(int status, String reply, double ms) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient http;

    ChatClient(GatewayProcess gateway) {
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port)
                        .setKeepAlive(true).setTcpNoDelay(true).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
    }

    /** {@code GET /health}: an HTTP round trip through the gateway with no agent behind it. */
    Answer health() {
        return send(HttpMethod.GET, "/health", null).join();
    }

    CompletableFuture<Answer> chat(String sessionKey, String message) {
        String body = JSON.createObjectNode().put("message", message).put("sessionKey", sessionKey).toString();
        return send(HttpMethod.POST, "/api/chat", body);
    }

    Answer chatSync(String sessionKey, String message) {
        return chat(sessionKey, message).join();
    }

    private CompletableFuture<Answer> send(HttpMethod method, String path, String body) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        long t0 = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(120_000)
                .putHeader("Authorization", "Bearer " + GatewayProcess.TOKEN).putHeader("Content-Type", "application/json");
        http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    String text = b.toString();
                    try {
                        JsonNode node = text.isEmpty() ? null : JSON.readTree(text);
                        String reply = node == null ? "" : node.has("reply") ? node.get("reply").asText()
                                : node.path("error").path("code").asText(text);
                        return new Answer(response.statusCode(), reply, ms);
                    } catch (Exception parse) {
                        return new Answer(response.statusCode(), text, ms);
                    }
                }))
                .onComplete(r -> answer.complete(r.succeeded() ? r.result()
                        : new Answer(-1, String.valueOf(r.cause()), (System.nanoTime() - t0) / 1e6)));
        return answer;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
