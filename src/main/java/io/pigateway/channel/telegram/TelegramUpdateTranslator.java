package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.channel.telegram.TelegramUpdate.FileRef;
import io.pigateway.channel.telegram.TelegramUpdate.Kind;
import io.pigateway.config.ChannelsConfig.GroupConfig;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates a Bot API update into a {@link TelegramUpdate}: scope (private → DM, group → GROUP,
 * forum topic → TOPIC with its thread id), the sender, whether the bot was addressed (an
 * {@code @username} mention entity, a {@code text_mention} of the bot, or a reply to one of its
 * messages; the mention is stripped), commands, and the files to download. Group messages that do
 * not address the bot are {@link Kind#IGNORED} when the group requires a mention. Pure; no I/O.
 */
public final class TelegramUpdateTranslator {
    private final String accountId;
    private final long botId;
    private final String botUsername;
    private final java.util.function.Supplier<Map<String, GroupConfig>> groups;

    public TelegramUpdateTranslator(String accountId, long botId, String botUsername, Map<String, GroupConfig> groups) {
        this(accountId, botId, botUsername, () -> groups != null ? groups : Map.of());
    }

    /** @param groups the groups as the running config says now (a reload changes them for the next update) */
    public TelegramUpdateTranslator(String accountId, long botId, String botUsername,
                                    java.util.function.Supplier<Map<String, GroupConfig>> groups) {
        this.accountId = accountId;
        this.botId = botId;
        this.botUsername = botUsername != null ? botUsername : "";
        this.groups = groups;
    }

    public TelegramUpdate translate(JsonNode update) {
        long updateId = update.path("update_id").asLong();
        JsonNode msg = update.get("message");
        if (msg == null || msg.path("from").path("is_bot").asBoolean()) {
            return TelegramUpdate.ignored(updateId); // edits, reactions, channel posts, other bots
        }
        JsonNode chat = msg.path("chat");
        String chatType = chat.path("type").asText();
        String chatId = chat.path("id").asText();
        boolean isPrivate = "private".equals(chatType);
        if (!isPrivate && !"group".equals(chatType) && !"supergroup".equals(chatType)) {
            return TelegramUpdate.ignored(updateId);
        }
        String threadId = null;
        ChatScope scope = isPrivate ? ChatScope.DM : ChatScope.GROUP;
        if (!isPrivate && chat.path("is_forum").asBoolean() && msg.path("is_topic_message").asBoolean()
                && msg.hasNonNull("message_thread_id")) {
            scope = ChatScope.TOPIC;
            threadId = msg.path("message_thread_id").asText();
        }
        boolean hasText = msg.hasNonNull("text");
        String text = hasText ? msg.path("text").asText() : msg.path("caption").asText("");
        JsonNode entities = hasText ? msg.path("entities") : msg.path("caption_entities");

        Mention mention = findMention(text, entities);
        boolean repliedToBot = msg.path("reply_to_message").path("from").path("id").asLong(-1) == botId;
        String command = commandOf(text, entities);
        boolean commandForOtherBot = command != null && command.contains("@")
                && !command.substring(command.indexOf('@') + 1).equalsIgnoreCase(botUsername);
        boolean commandForUs = command != null && command.toLowerCase(Locale.ROOT)
                .endsWith("@" + botUsername.toLowerCase(Locale.ROOT));
        boolean mentioned = isPrivate || mention != null || repliedToBot || commandForUs;
        if (!isPrivate && !mentioned && requiresMention(chatId)) {
            if (command == null || commandForOtherBot) {
                return TelegramUpdate.ignored(updateId);
            }
        }
        if (commandForOtherBot) {
            return TelegramUpdate.ignored(updateId);
        }
        String cleaned = mention != null ? strip(text, mention) : text.strip();

        JsonNode from = msg.path("from");
        String senderId = from.path("id").asText(null);
        String senderName = from.hasNonNull("username") ? from.path("username").asText()
                : from.path("first_name").asText(null);
        InboundMessage message = new InboundMessage("telegram", accountId, scope, chatId, threadId, senderId,
                senderName, cleaned, List.of(), mentioned, msg.path("message_id").asText(),
                Instant.ofEpochSecond(msg.path("date").asLong(Instant.now().getEpochSecond())));
        if (command != null) {
            String name = command.substring(1);
            int at = name.indexOf('@');
            name = (at >= 0 ? name.substring(0, at) : name).toLowerCase(Locale.ROOT);
            return new TelegramUpdate(Kind.COMMAND, updateId, message, List.of(), name, roleOf(message));
        }
        List<FileRef> files = filesOf(msg);
        if (cleaned.isEmpty() && files.isEmpty()) {
            return TelegramUpdate.ignored(updateId); // stickers, service messages, a bare mention
        }
        return new TelegramUpdate(Kind.MESSAGE, updateId, message, files, null, roleOf(message));
    }

    private String roleOf(InboundMessage message) {
        return roleOf(groups.get(), message);
    }

    private boolean requiresMention(String chatId) {
        return requiresMention(groups.get(), chatId);
    }

    /** {@code groups.{chatId}.role} (or the {@code "*"} entry's) for group and topic messages. */
    static String roleOf(Map<String, GroupConfig> groups, InboundMessage message) {
        if (message.scope() == io.pigateway.core.ChatScope.DM) {
            return null;
        }
        GroupConfig group = groups.getOrDefault(message.chatId(), groups.get("*"));
        return group != null ? group.role() : null;
    }

    /** {@code groups.{chatId}.requireMention} (or the {@code "*"} entry's); default true. */
    static boolean requiresMention(Map<String, GroupConfig> groups, String chatId) {
        GroupConfig group = groups.get(chatId);
        if (group == null) {
            group = groups.get("*");
        }
        return group == null || group.requireMention();
    }

    private record Mention(int offset, int length) {
    }

    /** The entity addressing this bot, if any. Offsets are UTF-16 units, like Java strings. */
    Mention findMention(String text, JsonNode entities) {
        for (JsonNode e : entities) {
            int offset = e.path("offset").asInt();
            int length = e.path("length").asInt();
            if (offset < 0 || offset + length > text.length()) {
                continue;
            }
            String type = e.path("type").asText();
            if ("mention".equals(type) && !botUsername.isEmpty()
                    && text.substring(offset, offset + length).equalsIgnoreCase("@" + botUsername)) {
                return new Mention(offset, length);
            }
            if ("text_mention".equals(type) && e.path("user").path("id").asLong(-1) == botId) {
                return new Mention(offset, length);
            }
        }
        return null;
    }

    /** A {@code bot_command} entity at the very start, e.g. {@code /new} or {@code /new@my_bot}. */
    private static String commandOf(String text, JsonNode entities) {
        for (JsonNode e : entities) {
            if ("bot_command".equals(e.path("type").asText()) && e.path("offset").asInt() == 0) {
                int length = Math.min(e.path("length").asInt(), text.length());
                return text.substring(0, length);
            }
        }
        return null;
    }

    private static String strip(String text, Mention m) {
        String joined = text.substring(0, m.offset()) + " " + text.substring(m.offset() + m.length());
        return joined.replaceAll("[ \\t]{2,}", " ").strip().replaceFirst("^[,:]\\s*", "");
    }

    private static List<FileRef> filesOf(JsonNode msg) {
        List<FileRef> files = new ArrayList<>();
        JsonNode photos = msg.path("photo");
        if (photos.isArray() && !photos.isEmpty()) {
            JsonNode largest = photos.get(photos.size() - 1); // sizes come smallest first
            files.add(new FileRef("photo", largest.path("file_id").asText(), null, "image/jpeg"));
        }
        for (String kind : List.of("document", "voice", "audio", "video")) {
            JsonNode f = msg.get(kind);
            if (f != null && f.hasNonNull("file_id")) {
                files.add(new FileRef(kind, f.path("file_id").asText(), f.path("file_name").asText(null),
                        f.path("mime_type").asText(null)));
            }
        }
        return files;
    }
}
