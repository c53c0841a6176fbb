package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI-compatible LLM on 127.0.0.1 (random port) serving
 * {@code POST /v1/chat/completions} as SSE. By default it answers {@code echo: <last user text>};
 * a user text {@code call tool <name> <json-args>} yields a tool call, and a request whose last
 * message is a tool result yields {@code done}. Tests can script any reply with
 * {@link #setResponder}. Every received request body is recorded.
 */
public final class FakeLlmServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_CALL = Pattern.compile("call tool (\\S+)\\s*(\\{.*\\})?", Pattern.DOTALL);

    /** What to answer to one request. Build with the static factories. */
    public record Reply(int status, List<String> chunks, ToolCall toolCall, long delayMs, long chunkDelayMs,
                        String finishReason) {
        public Reply(int status, List<String> chunks, ToolCall toolCall, long delayMs, long chunkDelayMs) {
            this(status, chunks, toolCall, delayMs, chunkDelayMs, null);
        }

        public static Reply text(String text) {
            return chunked(text, 8);
        }

        /** The text streamed in chunks of {@code chunkSize} characters. */
        public static Reply chunked(String text, int chunkSize) {
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < text.length(); i += chunkSize) {
                chunks.add(text.substring(i, Math.min(text.length(), i + chunkSize)));
            }
            return new Reply(200, chunks, null, 0, 0);
        }

        /** HTTP error; pi sees {@code "<status> fake upstream error <status>"}. */
        public static Reply error(int status) {
            return new Reply(status, List.of(), null, 0, 0);
        }

        public static Reply toolCall(String name, String argumentsJson) {
            String id = "call_" + Integer.toHexString(CALL_IDS.incrementAndGet() * 7919);
            return new Reply(200, List.of(), new ToolCall(id, name, argumentsJson), 0, 0);
        }

        /** Wait this long before the response starts. */
        public Reply delayed(long ms) {
            return new Reply(status, chunks, toolCall, ms, chunkDelayMs, finishReason);
        }

        /** Wait this long between chunks. */
        public Reply chunkDelay(long ms) {
            return new Reply(status, chunks, toolCall, delayMs, ms, finishReason);
        }

        /** End with this {@code finish_reason} (e.g. {@code length}, {@code content_filter}) instead of {@code stop}. */
        public Reply finishing(String reason) {
            return new Reply(status, chunks, toolCall, delayMs, chunkDelayMs, reason);
        }
    }

    public record ToolCall(String id, String name, String argumentsJson) {
    }

    private static final AtomicInteger CALL_IDS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-llm");
        t.setDaemon(true);
        return t;
    });
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> responder = FakeLlmServer::defaultReply;
    /** model id → the HTTP status every request for that model gets (a failing provider model). */
    private final java.util.Map<String, Integer> failingModels = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String lastAuthorization;

    public FakeLlmServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind fake LLM", e);
        }
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}, the provider baseUrl for pi's models.json. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Scripts the replies; {@code null} restores {@link #defaultReply}. */
    public void setResponder(Function<JsonNode, Reply> responder) {
        this.responder = responder != null ? responder : FakeLlmServer::defaultReply;
    }

    /** Every request for {@code modelId} (the request's {@code model}) gets HTTP {@code status} until {@link #heal}. */
    public void failModel(String modelId, int status) {
        failingModels.put(modelId, status);
    }

    public void heal(String modelId) {
        failingModels.remove(modelId);
    }

    /** The model ids of the requests received so far, in arrival order. */
    public List<String> requestedModels() {
        return requests.stream().map(r -> r.path("model").asText()).toList();
    }

    /** The request bodies received so far, in arrival order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The {@code Authorization} header of the latest request (which key pi sent); null before any. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** The default behaviour: echo, tool call on request, "done" after a tool result. */
    public static Reply defaultReply(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.size() > 0 ? messages.get(messages.size() - 1) : null;
        if (last != null && "tool".equals(last.path("role").asText())) {
            return Reply.text("done");
        }
        String text = lastUserText(request);
        Matcher m = TOOL_CALL.matcher(text);
        if (m.find()) {
            return Reply.toolCall(m.group(1), m.group(2) != null ? m.group(2) : "{}");
        }
        return Reply.text("echo: " + text);
    }

    /** The text of the last {@code user} message of a request ("" if none). */
    public static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode msg = messages.get(i);
            if ("user".equals(msg.path("role").asText())) {
                return contentText(msg.path("content"));
            }
        }
        return "";
    }

    /** The texts of a request's {@code user} messages, oldest first. */
    public static List<String> userTexts(JsonNode request) {
        List<String> texts = new ArrayList<>();
        for (JsonNode msg : request.path("messages")) {
            if ("user".equals(msg.path("role").asText())) {
                texts.add(contentText(msg.path("content")));
            }
        }
        return texts;
    }

    /** All message texts of a request joined by newlines: handy for "contains" assertions. */
    public static String allText(JsonNode request) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode msg : request.path("messages")) {
            sb.append(msg.path("role").asText()).append(": ").append(contentText(msg.path("content"))).append('\n');
        }
        return sb.toString();
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            Integer failing = failingModels.get(request.path("model").asText());
            Reply reply = failing != null ? Reply.error(failing) : responder.apply(request);
            sleep(reply.delayMs());
            if (reply.status() != 200) {
                byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("error", JSON.createObjectNode()
                        .put("message", "fake upstream error " + reply.status())
                        .put("type", "fake_error")));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String model = request.path("model").asText("fake-echo");
            int completion = 0;
            for (String chunk : reply.chunks()) {
                ObjectNode delta = JSON.createObjectNode().put("role", "assistant").put("content", chunk);
                send(out, chunk(model, delta, null));
                completion++;
                sleep(reply.chunkDelayMs());
            }
            String finish = reply.finishReason() != null ? reply.finishReason() : "stop";
            if (reply.toolCall() != null) {
                ToolCall call = reply.toolCall();
                ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
                ArrayNode calls = delta.putArray("tool_calls");
                ObjectNode c = calls.addObject().put("index", 0).put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
                send(out, chunk(model, delta, null));
                finish = "tool_calls";
                completion++;
            }
            send(out, chunk(model, JSON.createObjectNode(), finish));
            ObjectNode usage = chunkBase(model);
            usage.putArray("choices");
            usage.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", completion)
                    .put("total_tokens", 10 + completion);
            send(out, usage);
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client (pi) may abort mid-stream; nothing to clean up
        }
    }

    private static ObjectNode chunkBase(String model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        return node;
    }

    private static ObjectNode chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode node = chunkBase(model);
        ObjectNode choice = node.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return node;
    }

    private static void send(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
