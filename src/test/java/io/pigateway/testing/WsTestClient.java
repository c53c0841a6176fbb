package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A WebSocket client for gateway tests: records every frame, waits for answers and events. */
public final class WsTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile boolean closed;
    private int nextId = 1;

    private WsTestClient(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Listener()).get(20, TimeUnit.SECONDS);
    }

    /** Opens {@code ws://host/ws} with the given upgrade headers (Authorization, Cookie, Origin...). */
    public static WsTestClient open(String baseUrl, Map<String, String> headers) throws Exception {
        return new WsTestClient(URI.create(baseUrl.replace("http://", "ws://") + "/ws"), headers);
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a request with a fresh id and waits for its answer. */
    public JsonNode request(String method, Map<String, ?> params) {
        String id = "r" + nextId++;
        try {
            sendRaw(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return await(f -> "res".equals(f.path("type").asText()) && id.equals(f.path("id").asText()));
    }

    /** Waits for the first recorded frame matching {@code match} (already received ones count). */
    public JsonNode await(Predicate<JsonNode> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    public List<JsonNode> frames() {
        return new ArrayList<>(frames);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
        }
    }
}
