package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small Feishu Open API client (plain {@code java.net.http} + Jackson, not the 18 MB SDK):
 * JSON calls with the tenant token, downloads, multipart uploads. Rate limits (429, code 99991400)
 * and server errors are retried with backoff; an invalid-token answer refreshes the token and
 * retries once.
 */
public final class FeishuApi {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuApi.class);
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ATTEMPTS = 5;

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final FeishuTokens tokens;
    private final long backoffMs;
    private volatile io.pigateway.core.channel.ChannelCounters counters = new io.pigateway.core.channel.ChannelCounters();

    public FeishuApi(String baseUrl, String appId, String appSecret) {
        this(baseUrl, appId, appSecret, 500);
    }

    FeishuApi(String baseUrl, String appId, String appSecret, long backoffMs) {
        this.baseUrl = baseUrl;
        this.backoffMs = backoffMs;
        ObjectNode credentials = MAPPER.createObjectNode().put("app_id", appId).put("app_secret", appSecret);
        this.tokens = new FeishuTokens(() -> withRetry("POST /open-apis/auth/v3/tenant_access_token/internal",
                () -> send("POST", "/open-apis/auth/v3/tenant_access_token/internal", credentials, null)),
                System::currentTimeMillis);
    }

    FeishuTokens tokens() {
        return tokens;
    }

    /** Fetches (or reuses) the tenant access token: {@code pi-gw doctor}'s credentials check. */
    public String tenantToken() {
        return tokens.get();
    }

    /** Calls {@code method path} with the token; returns the answer's {@code data} (never null). */
    public JsonNode call(String method, String path, JsonNode body) {
        return callRaw(method, path, body).path("data");
    }

    /** As {@link #call}, the whole answer (a few APIs, like bot info, answer beside {@code data}). */
    public JsonNode callRaw(String method, String path, JsonNode body) {
        return withRetry(method + " " + path, () -> {
            String token = tokens.get();
            try {
                return send(method, path, body, token);
            } catch (FeishuApiException e) {
                if (!e.isTokenInvalid()) {
                    throw e;
                }
                LOG.info("Feishu says the tenant token is invalid ({}); fetching a new one", e.code());
                tokens.invalidate(token);
                return send(method, path, body, tokens.get());
            }
        });
    }

    /** Downloads a file (message resources); returns its bytes. */
    public byte[] download(String path) {
        return withRetry("GET " + path, () -> {
            HttpResponse<byte[]> r = exchange(request(path, tokens.get()).GET(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw refusal(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return r.body();
        });
    }

    /** A multipart upload (images, files); returns the answer's {@code data}. */
    public JsonNode upload(String path, java.util.Map<String, String> fields, String fileField, String fileName,
                           byte[] content) {
        String boundary = "pigw" + Long.toHexString(System.nanoTime());
        return withRetry("POST " + path, () -> {
            HttpRequest.Builder b = request(path, tokens.get())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Multipart.body(boundary, fields, fileField, fileName,
                            content)));
            return parse(exchange(b, HttpResponse.BodyHandlers.ofString()));
        }).path("data");
    }

    private JsonNode send(String method, String path, JsonNode body, String token) {
        HttpRequest.Builder b = request(path, token).header("Content-Type", "application/json; charset=utf-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        return parse(exchange(b, HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new FeishuApiException(0, -1, "unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeishuApiException(0, -1, "interrupted");
        }
    }

    private static JsonNode parse(HttpResponse<String> r) {
        JsonNode json;
        try {
            json = MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new FeishuApiException(r.statusCode(), -1, "not JSON: " + abbreviate(r.body()));
        }
        int code = json.path("code").asInt(r.statusCode() == 200 ? 0 : -1);
        if (r.statusCode() != 200 || code != 0) {
            throw new FeishuApiException(r.statusCode(), code, json.path("msg").asText(abbreviate(r.body())));
        }
        return json;
    }

    private static FeishuApiException refusal(int status, String body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            return new FeishuApiException(status, json.path("code").asInt(-1), json.path("msg").asText(""));
        } catch (IOException e) {
            return new FeishuApiException(status, -1, abbreviate(body));
        }
    }

    /** Where failed calls and rate limits are counted ({@code /metrics}): the channel's, across client swaps. */
    void countInto(io.pigateway.core.channel.ChannelCounters counters) {
        this.counters = counters;
    }

    /** Retries rate limits and server errors with exponential backoff; nothing else. */
    private <T> T withRetry(String what, java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (FeishuApiException e) {
                counters.error();
                if (e.isRateLimited()) {
                    counters.rateLimited();
                }
                if (!e.isTransient() || attempt >= ATTEMPTS) {
                    throw e;
                }
                long wait = backoffMs * (1L << (attempt - 1));
                LOG.debug("Feishu {} failed ({}); retry {} in {} ms", what, e.getMessage(), attempt, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
