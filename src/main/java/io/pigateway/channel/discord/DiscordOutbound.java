package io.pigateway.channel.discord;

import io.pigateway.core.ReplyTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.FileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to Discord through JDA for every account, so JDA's bucket-aware rate limiter stays in
 * charge (a 429 is waited out and the request repeated). A reply in a thread goes to the thread.
 * A send that finally fails is logged with the channel and the reason, then rethrown.
 */
final class DiscordOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordOutbound.class);
    static final int TEXT_LIMIT = Message.MAX_CONTENT_LENGTH;
    private static final int MAX_DM_USERS = 10_000;

    private final Function<String, JDA> clients;
    /** DM channel id → user id, learned from inbound DMs: after a restart JDA's DM cache is empty. */
    private final Map<String, String> dmUsers = new ConcurrentHashMap<>();

    /** @param clients account id → its connected JDA (null when the account does not run) */
    DiscordOutbound(Function<String, JDA> clients) {
        this.clients = clients;
    }

    void rememberDm(String channelId, String userId) {
        if (dmUsers.size() < MAX_DM_USERS) {
            dmUsers.put(channelId, userId);
        }
    }

    /** Sends text, replying to {@code replyTo} when not null; returns the new message id. */
    long sendText(ReplyTarget target, String text, Long replyTo) {
        return call(target, "send", channel -> {
            MessageCreateAction action = channel.sendMessage(text);
            if (replyTo != null) {
                action = action.setMessageReference(Long.toUnsignedString(replyTo)).failOnInvalidReply(false)
                        .mentionRepliedUser(false);
            }
            return action.complete().getIdLong();
        });
    }

    void editText(ReplyTarget target, long messageId, String text) {
        call(target, "edit", channel -> channel.editMessageById(messageId, text).complete());
    }

    /** Cosmetic: a failed "typing…" never fails an answer. */
    void typing(ReplyTarget target) {
        try {
            channel(target).sendTyping().queue(ok -> { }, failed -> { });
        } catch (RuntimeException e) {
            LOG.debug("typing in Discord channel {} failed: {}", target.chatId(), e.getMessage());
        }
    }

    void react(ReplyTarget target, long messageId, String emoji) {
        call(target, "react", channel -> channel.addReactionById(messageId, Emoji.fromUnicode(emoji.strip())).complete());
    }

    void delete(ReplyTarget target, long messageId) {
        call(target, "delete", channel -> channel.deleteMessageById(messageId).complete());
    }

    void pin(ReplyTarget target, long messageId) {
        call(target, "pin", channel -> channel.pinMessageById(messageId).complete());
    }

    /** Sends a local file (any kind: Discord shows images inline); returns the new message id. */
    long sendFile(ReplyTarget target, Path file, String caption) {
        return call(target, "file", channel -> {
            MessageCreateAction action = channel.sendFiles(FileUpload.fromData(file));
            if (caption != null && !caption.isBlank()) {
                action = action.setContent(caption.length() > TEXT_LIMIT ? caption.substring(0, TEXT_LIMIT) : caption);
            }
            return action.complete().getIdLong();
        });
    }

    private <T> T call(ReplyTarget target, String what, Function<MessageChannel, T> action) {
        try {
            return action.apply(channel(target));
        } catch (ErrorResponseException | IllegalArgumentException | IllegalStateException
                 | net.dv8tion.jda.api.exceptions.InsufficientPermissionException e) {
            LOG.warn("Discord {} to channel {} failed for good: {}", what, channelId(target), reason(e));
            throw e;
        }
    }

    /** Discord's refusal as it says it; a server error says what JDA did (its own text is "502: N/A"). */
    private static String reason(RuntimeException e) {
        if (e instanceof ErrorResponseException r && r.getResponse() != null && r.getResponse().code >= 500) {
            return "Discord answered HTTP " + r.getResponse().code + " (JDA tried 4 times)";
        }
        return e.getMessage();
    }

    /** The thread when the target has one, else the channel; an unknown id is taken as a user's DM. */
    MessageChannel channel(ReplyTarget target) {
        JDA jda = clients.apply(target.accountId() != null ? target.accountId() : "default");
        if (jda == null) {
            throw new IllegalStateException("Discord account '" + target.accountId() + "' is not connected");
        }
        String id = channelId(target);
        MessageChannel channel = jda.getChannelById(MessageChannel.class, id);
        if (channel == null) {
            channel = jda.getPrivateChannelById(id);
        }
        if (channel == null) {
            String user = dmUsers.getOrDefault(id, id);
            channel = jda.openPrivateChannelById(user).complete();
        }
        return channel;
    }

    /** The channel Discord posts to (and rate-limits): the thread when there is one. */
    static String channelId(ReplyTarget target) {
        return target.threadId() != null && !target.threadId().isEmpty() ? target.threadId() : target.chatId();
    }
}
