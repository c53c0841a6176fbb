package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.ReplyTarget;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to Telegram for every account: text as HTML (re-sent plain when Telegram rejects the
 * entities), edits, typing, drafts and media. Replies in a forum topic carry its
 * {@code message_thread_id}. Calls retry per {@link TelegramRetry}; a final failure is logged with
 * the chat and the reason, then rethrown.
 */
public final class TelegramOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramOutbound.class);
    public static final int TEXT_LIMIT = 4096;

    /** Media kinds and the Bot API method and field for each. */
    public enum MediaType {
        PHOTO("sendPhoto", "photo"), DOCUMENT("sendDocument", "document"), AUDIO("sendAudio", "audio"),
        VIDEO("sendVideo", "video"), STICKER("sendSticker", "sticker");

        final String method;
        final String field;

        MediaType(String method, String field) {
            this.method = method;
            this.field = field;
        }

        public static MediaType fromName(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
    }

    private final Map<String, TelegramBotApi> apis;
    private final TelegramRetry retry;

    /** @param apis the clients by account id, read per call (a reload adds and removes accounts) */
    public TelegramOutbound(Map<String, TelegramBotApi> apis, TelegramRetry retry) {
        this.apis = apis;
        this.retry = retry;
    }

    public boolean hasAccount(String accountId) {
        return apis.containsKey(accountId);
    }

    /** Sends Markdown text; returns the new message id. */
    public long sendText(ReplyTarget target, String markdown) {
        JsonNode result = withHtmlFallback(target, "sendMessage", markdown, p -> { });
        return result.path("message_id").asLong();
    }

    /** Sends Markdown text as a reply to {@code replyTo} (when not null); returns the new message id. */
    public long sendText(ReplyTarget target, String markdown, Long replyTo) {
        JsonNode result = withHtmlFallback(target, "sendMessage", markdown, p -> {
            if (replyTo != null) {
                p.putObject("reply_parameters").put("message_id", replyTo).put("allow_sending_without_reply", true);
            }
        });
        return result.path("message_id").asLong();
    }

    /** Sets the bot's reaction on a message (an empty emoji removes it). */
    public void react(ReplyTarget target, long messageId, String emoji) {
        ObjectNode p = TelegramBotApi.MAPPER.createObjectNode().put("chat_id", target.chatId()).put("message_id", messageId);
        var reactions = p.putArray("reaction");
        if (emoji != null && !emoji.isBlank()) {
            reactions.addObject().put("type", "emoji").put("emoji", emoji.strip());
        }
        call(target, "setMessageReaction", p);
    }

    public void delete(ReplyTarget target, long messageId) {
        call(target, "deleteMessage", TelegramBotApi.MAPPER.createObjectNode().put("chat_id", target.chatId())
                .put("message_id", messageId));
    }

    /** Pins silently: an agent's pin should not ping the whole group. */
    public void pin(ReplyTarget target, long messageId) {
        call(target, "pinChatMessage", TelegramBotApi.MAPPER.createObjectNode().put("chat_id", target.chatId())
                .put("message_id", messageId).put("disable_notification", true));
    }

    public void editText(ReplyTarget target, long messageId, String markdown) {
        try {
            withHtmlFallback(target, "editMessageText", markdown, p -> p.put("message_id", messageId));
        } catch (TelegramApiException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    public void typing(ReplyTarget target) {
        ObjectNode p = base(target).put("action", "typing");
        try {
            call(target, "sendChatAction", p);
        } catch (TelegramApiException e) {
            // cosmetic: never fail an answer because "typing…" did not show
        }
    }

    /** Native draft preview (private chats): {@code sendMessageDraft}. */
    public void draft(ReplyTarget target, int draftId, String text) {
        ObjectNode p = base(target).put("draft_id", draftId).put("text", text);
        call(target, "sendMessageDraft", p);
    }

    /** Sends a local file as photo, document, audio, video or sticker; returns the message id. */
    public long sendMedia(ReplyTarget target, Path file, MediaType type, String caption) {
        ObjectNode p = base(target);
        if (caption != null && !caption.isBlank() && type != MediaType.STICKER) {
            p.put("caption", caption);
        }
        TelegramBotApi api = api(target);
        try {
            return retry.run(type.method, () -> api.upload(type.method, p, type.field, file)).path("message_id")
                    .asLong();
        } catch (TelegramApiException e) {
            LOG.warn("Telegram {} to chat {} failed: {}", type.method, target.chatId(), e.getMessage());
            throw e;
        }
    }

    private JsonNode withHtmlFallback(ReplyTarget target, String method, String markdown,
                                      java.util.function.Consumer<ObjectNode> extra) {
        String html = TelegramHtml.toHtml(markdown);
        if (html.length() <= TEXT_LIMIT) {
            ObjectNode p = base(target).put("text", html).put("parse_mode", "HTML");
            extra.accept(p);
            try {
                return call(target, method, p);
            } catch (TelegramApiException e) {
                if (!e.isEntityParseError()) {
                    throw e;
                }
                LOG.info("Telegram rejected the HTML for chat {} ({}); re-sending as plain text", target.chatId(),
                        e.getMessage());
            }
        }
        ObjectNode plain = base(target).put("text", markdown);
        extra.accept(plain);
        return call(target, method, plain);
    }

    private JsonNode call(ReplyTarget target, String method, ObjectNode params) {
        TelegramBotApi api = api(target);
        try {
            return retry.run(method, () -> api.call(method, params));
        } catch (TelegramApiException e) {
            if (!e.isEntityParseError() && !e.isNotModified()) {
                LOG.warn("Telegram {} to chat {} failed for good: {}", method, target.chatId(), e.getMessage());
            }
            throw e;
        }
    }

    private ObjectNode base(ReplyTarget target) {
        ObjectNode p = TelegramBotApi.MAPPER.createObjectNode().put("chat_id", target.chatId());
        if (target.threadId() != null && !target.threadId().isEmpty()) {
            p.put("message_thread_id", Long.parseLong(target.threadId()));
        }
        return p;
    }

    private TelegramBotApi api(ReplyTarget target) {
        TelegramBotApi api = apis.get(target.accountId() != null ? target.accountId() : "default");
        if (api == null) {
            throw new IllegalArgumentException("no Telegram account '" + target.accountId() + "'");
        }
        return api;
    }
}
