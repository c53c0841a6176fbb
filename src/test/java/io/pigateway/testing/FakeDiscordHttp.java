package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP side of {@link FakeDiscordServer}'s REST API: request bodies in, JSON and 429s out as Discord sends them. */
final class FakeDiscordHttp {
    private FakeDiscordHttp() {
    }

    /** What JDA reads as a rate limit: a {@code Via} header (else it is a Cloudflare ban) and whole-second Retry-After. */
    static void rateLimit(HttpServerRequest req, boolean global) {
        var response = req.response().setStatusCode(429).putHeader("Via", "1.1 google").putHeader("Retry-After", "1")
                .putHeader("X-RateLimit-Scope", global ? "global" : "user");
        if (global) {
            response.putHeader("X-RateLimit-Global", "true");
        } else {
            response.putHeader("X-RateLimit-Bucket", "fake-bucket").putHeader("X-RateLimit-Limit", "5")
                    .putHeader("X-RateLimit-Remaining", "0").putHeader("X-RateLimit-Reset-After", "1");
        }
        json(req, 429, FakeDiscordServer.MAPPER.createObjectNode().put("message", "You are being rate limited.").put("retry_after", 0.5)
                .put("global", global));
    }

    /** [json, fileName]: a multipart body's payload_json and its first file's name, or the body itself. */
    static String[] payloadOf(HttpServerRequest req, Buffer body) {
        String type = req.getHeader("Content-Type");
        String text = body.toString(StandardCharsets.ISO_8859_1);
        if (type == null || !type.startsWith("multipart/")) {
            return new String[] {body.toString(StandardCharsets.UTF_8), null};
        }
        Matcher file = Pattern.compile("filename=\"([^\"]+)\"").matcher(text);
        Matcher json = Pattern.compile("name=\"payload_json\"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n(\\{.*?\\})\\r\\n--",
                Pattern.DOTALL).matcher(text);
        String payload = json.find() ? new String(json.group(1).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8) : "{}";
        return new String[] {payload, file.find() ? file.group(1) : null};
    }

    static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? FakeDiscordServer.MAPPER.createObjectNode() : FakeDiscordServer.MAPPER.readTree(text);
        } catch (Exception e) {
            return FakeDiscordServer.MAPPER.createObjectNode();
        }
    }

    static void json(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
