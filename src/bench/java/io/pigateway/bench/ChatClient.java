package io.pigateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** {@code POST /api/chat} over loopback with the JDK HttpClient (async, so one client drives hundreds of sessions). */
final class ChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: HTTP status, {@code reply} (or the error code), and its latency. */
    record Answer(int status, String reply, double ms) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "bench-client");
                t.setDaemon(true);
                return t;
            })).build();
    private final String url;
    private final String healthUrl;

    ChatClient(GatewayProcess gateway) {
        this.url = gateway.url("/api/chat");
        this.healthUrl = gateway.url("/health");
    }

    /** {@code GET /health}: an HTTP round trip through the gateway with no agent behind it. */
    Answer health() {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), "", (System.nanoTime() - t0) / 1e6);
        } catch (Exception e) {
            return new Answer(-1, e.toString(), (System.nanoTime() - t0) / 1e6);
        }
    }

    CompletableFuture<Answer> chat(String sessionKey, String message) {
        String body = JSON.createObjectNode().put("message", message).put("sessionKey", sessionKey).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + GatewayProcess.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            double ms = (System.nanoTime() - t0) / 1e6;
            if (e != null) {
                return new Answer(-1, e.toString(), ms);
            }
            try {
                JsonNode node = JSON.readTree(r.body());
                String reply = node.has("reply") ? node.get("reply").asText() : node.path("error").path("code").asText(r.body());
                return new Answer(r.statusCode(), reply, ms);
            } catch (Exception parse) {
                return new Answer(r.statusCode(), r.body(), ms);
            }
        });
    }

    Answer chatSync(String sessionKey, String message) {
        return chat(sessionKey, message).join();
    }
}
