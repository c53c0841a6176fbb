package io.pigateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts events to a gateway's Feishu callback the way Feishu does: v2 envelopes
 * ({@code schema 2.0}, {@code header.token}, {@code event_id}); with an encrypt key the body is
 * {@code {"encrypt": base64(iv + AES-256-CBC(json))}} and signed with {@code X-Lark-Signature}.
 * Also builds {@code im.message.receive_v1} events and registers their message in the fake.
 */
public final class FeishuEventSender {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String callbackUrl;
    private final String verificationToken;
    private final String encryptKey;
    private final FakeFeishuServer feishu;

    /** @param encryptKey null: plain bodies with the verification token */
    public FeishuEventSender(String callbackUrl, String verificationToken, String encryptKey, FakeFeishuServer feishu) {
        this.callbackUrl = callbackUrl;
        this.verificationToken = verificationToken;
        this.encryptKey = encryptKey;
        this.feishu = feishu;
    }

    /** A p2p text message from {@code openId} in the private chat {@code chatId}. */
    public ObjectNode dm(String openId, String chatId, String text) {
        return message(openId, chatId, "p2p", "text", MAPPER.createObjectNode().put("text", text).toString());
    }

    /** A group text message; with {@code mentionBot} it starts with the bot's {@code @_user_1}. */
    public ObjectNode group(String openId, String chatId, String text, boolean mentionBot) {
        ObjectNode event = message(openId, chatId, "group", "text", MAPPER.createObjectNode()
                .put("text", mentionBot ? "@_user_1 " + text : text).toString());
        if (mentionBot) {
            ArrayNode mentions = ((ObjectNode) event.path("message")).putArray("mentions");
            ObjectNode m = mentions.addObject().put("key", "@_user_1").put("name", "pi bot").put("tenant_key", "tk");
            m.putObject("id").put("open_id", FakeFeishuServer.BOT_OPEN_ID);
        }
        return event;
    }

    /** A message of any type with its content JSON. */
    public ObjectNode message(String openId, String chatId, String chatType, String messageType, String content) {
        String messageId = feishu.nextId("om_user_");
        feishu.userMessage(messageId, chatId);
        ObjectNode event = MAPPER.createObjectNode();
        ObjectNode sender = event.putObject("sender").put("sender_type", "user").put("tenant_key", "tk");
        sender.putObject("sender_id").put("open_id", openId).put("union_id", "on_" + openId);
        event.putObject("message").put("message_id", messageId).put("chat_id", chatId).put("chat_type", chatType)
                .put("message_type", messageType).put("content", content)
                .put("create_time", Long.toString(System.currentTimeMillis()));
        return event;
    }

    /** Wraps an event in a v2 envelope with a fresh event id and posts it. */
    public HttpResponse<String> send(ObjectNode event) {
        return sendBody(envelope(UUID.randomUUID().toString(), event));
    }

    public ObjectNode envelope(String eventId, ObjectNode event) {
        ObjectNode body = MAPPER.createObjectNode().put("schema", "2.0");
        body.putObject("header").put("event_id", eventId).put("token", verificationToken)
                .put("create_time", Long.toString(System.currentTimeMillis())).put("event_type", "im.message.receive_v1")
                .put("tenant_key", "tk").put("app_id", FakeFeishuServer.APP_ID);
        body.set("event", event);
        return body;
    }

    /** Posts a whole callback body (encrypted and signed when there is a key). */
    public HttpResponse<String> sendBody(ObjectNode body) {
        String raw = encryptKey == null ? body.toString()
                : MAPPER.createObjectNode().put("encrypt", encrypt(encryptKey, body.toString())).toString();
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        return post(raw, timestamp, nonce, encryptKey == null ? null : sign(timestamp, nonce, encryptKey, raw));
    }

    /** The challenge Feishu sends when the callback URL is saved. */
    public HttpResponse<String> urlVerification(String challenge, String token) {
        ObjectNode body = MAPPER.createObjectNode().put("challenge", challenge).put("token", token)
                .put("type", "url_verification");
        String raw = encryptKey == null ? body.toString()
                : MAPPER.createObjectNode().put("encrypt", encrypt(encryptKey, body.toString())).toString();
        return post(raw, null, null, null);
    }

    /** A raw POST with the given headers (null: left out). */
    public HttpResponse<String> post(String raw, String timestamp, String nonce, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(callbackUrl)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(raw));
        if (timestamp != null) {
            b.header("X-Lark-Request-Timestamp", timestamp);
        }
        if (nonce != null) {
            b.header("X-Lark-Request-Nonce", nonce);
        }
        if (signature != null) {
            b.header("X-Lark-Signature", signature);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feishu's encryption: random IV, AES-256-CBC under SHA-256(key), PKCS#7, base64(iv + ciphertext). */
    public static String encrypt(String key, String plain) {
        try {
            byte[] iv = new byte[16];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sha256(key), "AES"), new IvParameterSpec(iv));
            byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[16 + encrypted.length];
            System.arraycopy(iv, 0, all, 0, 16);
            System.arraycopy(encrypted, 0, all, 16, encrypted.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String timestamp, String nonce, String key, String raw) {
        return HexFormat.of().formatHex(sha256(timestamp + nonce + key + raw));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
