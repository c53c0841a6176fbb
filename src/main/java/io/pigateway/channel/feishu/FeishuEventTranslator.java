package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.channel.feishu.FeishuEvent.FileRef;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates an {@code im.message.receive_v1} event into a {@link FeishuEvent}: p2p chats are DMs
 * (the sender's open_id is the peer), group chats are groups, a reply inside a thread
 * ({@code root_id}) is a thread of its group. Text, post (rich text) and image/file messages; the
 * bot is addressed when {@code mentions[]} holds its open_id, and the {@code @_user_N} placeholders
 * are replaced (the bot's removed, other people's by their names). Pure; no I/O.
 */
final class FeishuEventTranslator {
    private final String botOpenId;

    FeishuEventTranslator(String botOpenId) {
        this.botOpenId = botOpenId;
    }

    Optional<FeishuEvent> translate(JsonNode event) {
        JsonNode sender = event.path("sender");
        if (!"user".equals(sender.path("sender_type").asText("user"))) {
            return Optional.empty(); // other bots and apps
        }
        JsonNode msg = event.path("message");
        String chatId = msg.path("chat_id").asText(null);
        String messageId = msg.path("message_id").asText(null);
        if (chatId == null || messageId == null) {
            return Optional.empty();
        }
        boolean p2p = "p2p".equals(msg.path("chat_type").asText());
        String rootId = msg.path("root_id").asText("");
        ChatScope scope = p2p ? ChatScope.DM : rootId.isEmpty() ? ChatScope.GROUP : ChatScope.THREAD;
        JsonNode content = parse(msg.path("content").asText("{}"));
        List<FileRef> files = new ArrayList<>();
        String text = switch (msg.path("message_type").asText()) {
            case "text" -> content.path("text").asText("");
            case "post" -> postText(content, files);
            case "image" -> {
                files.add(new FileRef("image", content.path("image_key").asText(), null));
                yield "";
            }
            case "file" -> {
                files.add(new FileRef("file", content.path("file_key").asText(), content.path("file_name").asText(null)));
                yield "";
            }
            default -> null;
        };
        if (text == null) {
            return Optional.empty(); // stickers, cards, system messages
        }
        boolean mentioned = p2p;
        for (JsonNode m : msg.path("mentions")) {
            String key = m.path("key").asText("");
            boolean isBot = botOpenId != null && botOpenId.equals(m.path("id").path("open_id").asText());
            mentioned |= isBot;
            if (!key.isEmpty()) {
                text = text.replace(key, isBot ? "" : "@" + m.path("name").asText(""));
            }
        }
        text = text.replaceAll("[ \\t]{2,}", " ").strip();
        if (text.isEmpty() && files.isEmpty()) {
            return Optional.empty(); // a bare mention
        }
        JsonNode senderId = sender.path("sender_id");
        long created = msg.path("create_time").asLong(System.currentTimeMillis());
        InboundMessage message = new InboundMessage(FeishuChannel.NAME, null, scope, chatId,
                scope == ChatScope.THREAD ? rootId : null, senderId.path("open_id").asText(null), null, text,
                List.of(), mentioned, messageId, Instant.ofEpochMilli(created));
        return Optional.of(new FeishuEvent(message, files));
    }

    /** A post's text: paragraphs of text, links and mentions; its images become files. */
    private static String postText(JsonNode content, List<FileRef> files) {
        JsonNode post = content.has("content") ? content : content.elements().hasNext()
                ? content.elements().next() : content; // {"zh_cn": {...}} in some payloads
        StringBuilder sb = new StringBuilder();
        String title = post.path("title").asText("");
        if (!title.isBlank()) {
            sb.append(title).append("\n\n");
        }
        for (JsonNode paragraph : post.path("content")) {
            for (JsonNode node : paragraph) {
                switch (node.path("tag").asText()) {
                    case "text", "code_block" -> sb.append(node.path("text").asText(""));
                    case "a" -> sb.append(node.path("text").asText("")).append(" (").append(node.path("href").asText(""))
                            .append(')');
                    case "at" -> sb.append(node.path("user_id").asText(""));
                    case "img" -> files.add(new FileRef("image", node.path("image_key").asText(), null));
                    default -> {
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return FeishuApi.MAPPER.readTree(json);
        } catch (IOException e) {
            return FeishuApi.MAPPER.createObjectNode();
        }
    }
}
