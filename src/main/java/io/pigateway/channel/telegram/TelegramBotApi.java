package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The small Bot API client camel-telegram lacks ({@code message_thread_id}, chat actions,
 * {@code getFile}, drafts, {@code setMyCommands}): {@code POST {apiBaseUrl}/bot{token}/{method}}
 * with a JSON body, answering {@code result} or throwing {@link TelegramApiException}. One
 * attempt per call; {@link TelegramRetry} decides about retries. Thread-safe.
 */
public final class TelegramBotApi {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    public TelegramBotApi(String apiBaseUrl, String token) {
        this.baseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public ObjectNode params() {
        return MAPPER.createObjectNode();
    }

    /** Calls {@code method} with a JSON body; {@code readTimeout} must exceed a long poll's timeout. */
    public JsonNode call(String method, ObjectNode params, Duration readTimeout) {
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString(), StandardCharsets.UTF_8))
                .build();
        return send(method, request);
    }

    public JsonNode call(String method, ObjectNode params) {
        return call(method, params, Duration.ofSeconds(30));
    }

    /**
     * Uploads a local file as {@code fileField} (sendPhoto, sendDocument, ...) with the other params
     * as form fields. The file is streamed from disk (never whole in the heap), opened without
     * following a symlink that replaced it after the caller's checks.
     */
    public JsonNode upload(String method, ObjectNode params, String fileField, Path file) {
        String boundary = "pigw" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder head = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(field.getKey()).append("\"\r\n\r\n").append(value).append("\r\n");
        }
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
                .append("\"; filename=\"").append(file.getFileName().toString().replace("\"", ""))
                .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new TelegramApiException(0, "cannot read " + file.getFileName() + ": " + e.getMessage(), 0, e);
        }
        HttpRequest.BodyPublisher content = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> openNoFollow(file)), size);
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                        content,
                        HttpRequest.BodyPublishers.ofByteArray(("\r\n--" + boundary + "--\r\n")
                                .getBytes(StandardCharsets.UTF_8))))
                .build();
        return send(method, request);
    }

    private static java.io.InputStream openNoFollow(Path file) {
        try {
            return java.nio.channels.Channels.newInputStream(Files.newByteChannel(file,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Downloads a file by the {@code file_path} getFile returned, atomically into {@code target}. */
    public void download(String filePath, Path target) {
        HttpRequest request = HttpRequest.newBuilder(tokenUri("/file/bot", filePath))
                .timeout(Duration.ofSeconds(120)).GET().build();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".download", ".tmp");
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(tmp));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(tmp);
                throw new TelegramApiException(response.statusCode(), "file download failed", 0, null);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TelegramApiException(0, "network error downloading a file: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramApiException(0, "interrupted", 0, e);
        }
    }

    private URI methodUri(String method) {
        return tokenUri("/bot", method);
    }

    /** A URL that carries the token: its parse error must not quote it (the cause would). */
    private URI tokenUri(String prefix, String rest) {
        try {
            return new URI(baseUrl + prefix + token + "/" + rest);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new TelegramApiException(0, "apiBaseUrl and the bot token do not form a valid URL; check"
                    + " channels.telegram.apiBaseUrl and the botToken for stray characters", 0, null);
        }
    }

    private JsonNode send(String method, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // never include the URI: it contains the token
            throw new TelegramApiException(0, method + ": network error: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramApiException(0, method + ": interrupted", 0, e);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new TelegramApiException(response.statusCode(), method + ": not JSON (HTTP " + response.statusCode()
                    + ")", 0, null);
        }
        if (response.statusCode() == 200 && json.path("ok").asBoolean()) {
            return json.path("result");
        }
        int status = response.statusCode() != 200 ? response.statusCode() : json.path("error_code").asInt(500);
        throw new TelegramApiException(status, method + ": " + json.path("description").asText("HTTP " + status),
                json.path("parameters").path("retry_after").asInt(0), null);
    }
}
