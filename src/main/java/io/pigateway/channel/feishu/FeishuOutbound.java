package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The IM and CardKit calls an answer and the agent tools make: text as a post with a markdown
 * node, interactive cards, the CardKit streaming card (create, stream content, close), edits,
 * reactions, deletes and media. A message goes as a reply when the target names one
 * ({@code POST /im/v1/messages/{id}/reply}), else to the chat ({@code receive_id_type} by the id's
 * prefix: {@code ou_} open_id, else chat_id).
 */
final class FeishuOutbound {
    static final int TEXT_LIMIT = 4000;
    static final String ELEMENT_ID = "answer";

    private final FeishuApi api;

    FeishuOutbound(FeishuApi api) {
        this.api = api;
    }

    /** Sends Markdown text as a post; returns the message id. */
    String sendText(ReplyTarget target, String markdown, String replyTo) {
        ObjectNode post = FeishuApi.MAPPER.createObjectNode();
        post.putObject("zh_cn").putArray("content").addArray().addObject().put("tag", "md").put("text", markdown);
        return send(target, replyTo, "post", post.toString());
    }

    /** Sends an interactive card (its JSON); returns the message id. */
    String sendCard(ReplyTarget target, String replyTo, JsonNode card) {
        return send(target, replyTo, "interactive", card.toString());
    }

    /** Replaces an interactive message's card ({@code PATCH /im/v1/messages/{id}}). */
    void patchCard(String messageId, JsonNode card) {
        api.call("PATCH", "/open-apis/im/v1/messages/" + enc(messageId),
                FeishuApi.MAPPER.createObjectNode().put("content", card.toString()));
    }

    /** Edits a text or post message ({@code PUT /im/v1/messages/{id}}). */
    void editText(String messageId, String markdown) {
        ObjectNode post = FeishuApi.MAPPER.createObjectNode();
        post.putObject("zh_cn").putArray("content").addArray().addObject().put("tag", "md").put("text", markdown);
        api.call("PUT", "/open-apis/im/v1/messages/" + enc(messageId),
                FeishuApi.MAPPER.createObjectNode().put("msg_type", "post").put("content", post.toString()));
    }

    void delete(String messageId) {
        api.call("DELETE", "/open-apis/im/v1/messages/" + enc(messageId), null);
    }

    void pin(String messageId) {
        api.call("POST", "/open-apis/im/v1/pins", FeishuApi.MAPPER.createObjectNode().put("message_id", messageId));
    }

    /** Adds a reaction; {@code emojiType} is Feishu's name, e.g. {@code THUMBSUP}. */
    void react(String messageId, String emojiType) {
        ObjectNode body = FeishuApi.MAPPER.createObjectNode();
        body.putObject("reaction_type").put("emoji_type", emojiType);
        api.call("POST", "/open-apis/im/v1/messages/" + enc(messageId) + "/reactions", body);
    }

    /** Uploads a local file (an image, or any file) and sends it; returns the message id. */
    String sendMedia(ReplyTarget target, Path file, boolean image) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.getFileName().toString();
        if (image) {
            String key = api.upload("/open-apis/im/v1/images", Map.of("image_type", "message"), "image", name, bytes)
                    .path("image_key").asText();
            return send(target, null, "image", FeishuApi.MAPPER.createObjectNode().put("image_key", key).toString());
        }
        String key = api.upload("/open-apis/im/v1/files", Map.of("file_type", "stream", "file_name", name), "file", name,
                bytes).path("file_key").asText();
        return send(target, null, "file", FeishuApi.MAPPER.createObjectNode().put("file_key", key).toString());
    }

    /** Creates a CardKit card entity in streaming mode holding {@code markdown}; returns its card_id. */
    String createStreamingCard(String markdown) {
        ObjectNode card = FeishuApi.MAPPER.createObjectNode().put("schema", "2.0");
        ObjectNode config = card.putObject("config").put("streaming_mode", true);
        config.putObject("summary").put("content", "…");
        card.putObject("body").putArray("elements").addObject().put("tag", "markdown").put("content", markdown)
                .put("element_id", ELEMENT_ID);
        ObjectNode body = FeishuApi.MAPPER.createObjectNode().put("type", "card_json").put("data", card.toString());
        return api.call("POST", "/open-apis/cardkit/v1/cards", body).path("card_id").asText();
    }

    /** The content of an interactive message that shows a card entity. */
    static JsonNode cardReference(String cardId) {
        ObjectNode ref = FeishuApi.MAPPER.createObjectNode().put("type", "card");
        ref.putObject("data").put("card_id", cardId);
        return ref;
    }

    /** A plain (non-CardKit) card with one markdown element: the fallback when CardKit is refused. */
    static JsonNode markdownCard(String markdown) {
        ObjectNode card = FeishuApi.MAPPER.createObjectNode().put("schema", "2.0");
        card.putObject("body").putArray("elements").addObject().put("tag", "markdown").put("content", markdown);
        return card;
    }

    /** Streams the element's full text; {@code sequence} must grow with every call on the card. */
    void streamContent(String cardId, String markdown, int sequence) {
        api.call("PUT", "/open-apis/cardkit/v1/cards/" + enc(cardId) + "/elements/" + ELEMENT_ID + "/content",
                FeishuApi.MAPPER.createObjectNode().put("content", markdown).put("sequence", sequence)
                        .put("uuid", UUID.randomUUID().toString()));
    }

    /** Turns streaming off (the card stops showing "generating"). */
    void closeStreaming(String cardId, int sequence) {
        ObjectNode settings = FeishuApi.MAPPER.createObjectNode();
        settings.putObject("config").put("streaming_mode", false);
        api.call("PATCH", "/open-apis/cardkit/v1/cards/" + enc(cardId) + "/settings",
                FeishuApi.MAPPER.createObjectNode().put("settings", settings.toString()).put("sequence", sequence)
                        .put("uuid", UUID.randomUUID().toString()));
    }

    private String send(ReplyTarget target, String replyTo, String msgType, String content) {
        String reply = replyTo != null ? replyTo : target.replyToMessageId();
        ObjectNode body = FeishuApi.MAPPER.createObjectNode().put("msg_type", msgType).put("content", content)
                .put("uuid", UUID.randomUUID().toString());
        JsonNode data;
        if (reply != null && !reply.isBlank()) {
            body.put("reply_in_thread", target.scope() == ChatScope.THREAD);
            data = api.call("POST", "/open-apis/im/v1/messages/" + enc(reply) + "/reply", body);
        } else {
            String idType = target.chatId().startsWith("ou_") ? "open_id" : "chat_id";
            body.put("receive_id", target.chatId());
            data = api.call("POST", "/open-apis/im/v1/messages?receive_id_type=" + idType, body);
        }
        return data.path("message_id").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
