package io.pigateway.channel.discord;

import io.pigateway.config.ChannelsConfig.DiscordGuildConfig;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;

/**
 * Translates a JDA message into a {@link DiscordIncoming}, or null when the gateway ignores it:
 * messages of bots (itself included: Discord echoes the bot's own messages, answering them would
 * loop), system messages, unlisted guilds and channels, and guild messages that neither mention
 * the bot ({@code <@id>}, {@code <@!id>}) nor reply to it while the guild requires a mention.
 * Scopes: a DM (chat: the DM channel, sender: the user), a guild channel ({@code CHANNEL}), a
 * thread ({@code THREAD}: chat is the parent channel, thread the thread's id).
 */
final class DiscordMessageTranslator {
    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
    private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private final String accountId;
    private final DiscordGuildRules guilds;

    DiscordMessageTranslator(String accountId, DiscordGuildRules guilds) {
        this.accountId = accountId;
        this.guilds = guilds;
    }

    DiscordIncoming translate(Message msg, long botId) {
        User author = msg.getAuthor();
        if (author.isBot() || author.isSystem() || msg.isWebhookMessage()
                || (msg.getType() != MessageType.DEFAULT && msg.getType() != MessageType.INLINE_REPLY)) {
            return null;
        }
        String raw = msg.getContentRaw();
        String mention = "<@" + botId + ">";
        String nickMention = "<@!" + botId + ">";
        List<DiscordIncoming.FileRef> files = filesOf(msg);
        String role = null;
        ChatScope scope = ChatScope.DM;
        String chatId = msg.getChannelId();
        String threadId = null;
        boolean mentioned = true;
        String text = raw.strip();
        if (msg.isFromGuild()) {
            if (msg.getChannelType().isThread()) {
                ThreadChannel thread = msg.getChannel().asThreadChannel();
                scope = ChatScope.THREAD;
                threadId = thread.getId();
                chatId = thread.getParentChannel().getId();
            } else {
                scope = ChatScope.CHANNEL;
            }
            DiscordGuildConfig guild = guilds.admit(msg.getGuildId(), chatId);
            if (guild == null) {
                return null;
            }
            Message replied = msg.getReferencedMessage();
            mentioned = raw.contains(mention) || raw.contains(nickMention)
                    || (replied != null && replied.getAuthor().getIdLong() == botId);
            if (!mentioned && guild.requireMention()) {
                return null;
            }
            text = stripMention(raw, mention, nickMention);
            role = guild.role();
        }
        if (text.isEmpty() && files.isEmpty()) {
            return null; // a bare mention, a sticker
        }
        InboundMessage message = new InboundMessage(DiscordChannel.NAME, accountId, scope, chatId, threadId,
                author.getId(), author.getName(), text, List.of(), mentioned, msg.getId(),
                createdAt(msg.getIdLong()));
        return new DiscordIncoming(message, role, files);
    }

    /** The snowflake's timestamp (JDA's getTimeCreated builds a Calendar per call: a hot spot per message). */
    static Instant createdAt(long snowflake) {
        return Instant.ofEpochMilli((snowflake >>> 22) + DISCORD_EPOCH_MS);
    }

    static String stripMention(String raw, String mention, String nickMention) {
        String text = raw.replace(nickMention, " ").replace(mention, " ");
        return SPACES.matcher(text).replaceAll(" ").strip().replaceFirst("^[,:]\\s*", "");
    }

    private static List<DiscordIncoming.FileRef> filesOf(Message msg) {
        List<DiscordIncoming.FileRef> files = new ArrayList<>();
        for (Message.Attachment a : msg.getAttachments()) {
            files.add(new DiscordIncoming.FileRef(a.isImage() ? "photo" : "document", a.getUrl(), a.getFileName(),
                    a.getContentType(), a.getSize()));
        }
        return files;
    }
}
