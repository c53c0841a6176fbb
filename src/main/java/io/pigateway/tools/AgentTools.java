package io.pigateway.tools;

import io.pigateway.core.channel.ChatActions;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.ReplyTarget;
import io.pigateway.security.ssrf.GuardedFetcher;
import io.pigateway.security.ssrf.SsrfGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The agent tools themselves: each takes the tool's JSON arguments and the calling session's
 * chat, and answers a short text for the agent or throws a {@link ToolException} it can read.
 * Nothing here lets a caller name another chat: the chat always comes from the session.
 */
public final class AgentTools {
    public static final Set<String> NAMES = Set.of("send_message", "send_media", "message", "gateway", "session_status",
            "cron");
    private static final Set<String> MEDIA_TYPES = Set.of("photo", "audio", "document", "video", "sticker");

    /** pi's {@code {"stats": get_session_stats, "state": get_state}} of a session, asked of its pool. */
    @FunctionalInterface
    public interface StatsSource {
        JsonNode stats(String sessionKey, String pool) throws Exception;
    }

    /**
     * Who calls: the session whose turn runs on the calling process, that process's pool, and the
     * session's chat (null when none is known yet).
     */
    public record Caller(String sessionKey, String pool, ReplyTarget chat) {
    }

    private final Function<String, ChatActions> channels;
    private final MediaPaths paths;
    private final GuardedFetcher fetcher;
    private final Path downloads;
    private final GatewayControl gateway;
    private final StatsSource stats;
    private final java.util.function.Predicate<ReplyTarget> operatorChat;

    /**
     * @param operatorChat whether a chat belongs to the operator (the {@code gateway} tool works only
     *                     there, and in WebChat/API sessions, which have no chat)
     */
    public AgentTools(Function<String, ChatActions> channels, MediaPaths paths, GuardedFetcher fetcher, Path downloads,
                      GatewayControl gateway, StatsSource stats, java.util.function.Predicate<ReplyTarget> operatorChat) {
        this.operatorChat = operatorChat;
        this.channels = channels;
        this.paths = paths;
        this.fetcher = fetcher;
        this.downloads = downloads;
        this.gateway = gateway;
        this.stats = stats;
    }

    /** Runs tool {@code name} for {@code caller}; acts on the caller's chat only. */
    public String run(String name, JsonNode args, Caller caller) {
        ReplyTarget chat = caller.chat();
        return switch (name) {
            case "send_message" -> sendMessage(args, requireChat(chat));
            case "send_media" -> sendMedia(args, requireChat(chat));
            case "message" -> message(args, requireChat(chat));
            case "gateway" -> {
                if (chat != null && !operatorChat.test(chat)) {
                    throw new ToolException("the gateway tool (reload, restart) works only in the operator's private"
                            + " chats and in WebChat; ask the operator");
                }
                yield gateway(args, caller.sessionKey());
            }
            case "session_status" -> sessionStatus(caller);
            case "cron" -> cron(args, caller);
            default -> throw new ToolException("unknown tool " + name);
        };
    }

    // ---- cron: the cron module's tool (CronTool), handed in by the tools module ----
    private volatile io.pigateway.plugin.AgentToolSpec cronTool;

    public AgentTools withCron(io.pigateway.plugin.AgentToolSpec cron) {
        this.cronTool = cron;
        return this;
    }

    private String cron(JsonNode args, Caller caller) {
        if (cronTool == null) {
            throw new ToolException("cron jobs are not available in this gateway");
        }
        try {
            return cronTool.handler().call(caller.sessionKey(), args);
        } catch (IllegalArgumentException e) {
            throw new ToolException(e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
    // ---- end cron ----

    private String sendMessage(JsonNode args, ReplyTarget chat) {
        String text = required(args, "text");
        String id = actions(chat).send(chat, text, optional(args, "replyTo"));
        return "sent (message id " + id + ")";
    }

    private String sendMedia(JsonNode args, ReplyTarget chat) {
        String path = required(args, "path");
        String type = required(args, "type").toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(type)) {
            throw new ToolException("type must be photo, audio, document, video or sticker");
        }
        ChatActions actions = actions(chat);
        if (path.regionMatches(true, 0, "http://", 0, 7) || path.regionMatches(true, 0, "https://", 0, 8)) {
            Path file = download(path);
            try {
                return "sent " + type + " (message id " + actions.sendMedia(chat, file, type, optional(args, "caption")) + ")";
            } finally {
                deleteQuietly(file);
            }
        }
        Path file = paths.resolve(path, chat);
        return "sent " + type + " " + file.getFileName() + " (message id "
                + actions.sendMedia(chat, file, type, optional(args, "caption")) + ")";
    }

    private Path download(String url) {
        try {
            return fetcher.fetch(url, downloads).file();
        } catch (SsrfGuard.BlockedException e) {
            throw new ToolException(e.getMessage());
        } catch (IOException e) {
            throw new ToolException("could not download " + url + ": " + e.getMessage());
        }
    }

    private String message(JsonNode args, ReplyTarget chat) {
        String action = required(args, "action").toLowerCase(Locale.ROOT);
        String messageId = required(args, "messageId");
        ChatActions actions = actions(chat);
        switch (action) {
            case "react" -> {
                actions.react(chat, messageId, required(args, "emoji"));
                return "reacted to message " + messageId;
            }
            case "edit" -> {
                actions.edit(chat, messageId, required(args, "text"));
                return "edited message " + messageId;
            }
            case "delete" -> {
                actions.delete(chat, messageId);
                return "deleted message " + messageId;
            }
            case "pin" -> {
                actions.pin(chat, messageId);
                return "pinned message " + messageId;
            }
            default -> throw new ToolException("action must be react, edit, delete or pin");
        }
    }

    private String gateway(JsonNode args, String sessionKey) {
        String action = required(args, "action").toLowerCase(Locale.ROOT);
        return switch (action) {
            case "reload" -> gateway.reload();
            case "restart" -> gateway.restartAfterTurn(sessionKey);
            default -> throw new ToolException("action must be reload or restart");
        };
    }

    private String sessionStatus(Caller caller) {
        String sessionKey = caller.sessionKey();
        JsonNode all;
        try {
            all = stats.stats(sessionKey, caller.pool());
        } catch (Exception e) {
            throw new ToolException("session statistics are not available: " + e.getMessage());
        }
        return SessionStatusText.format(sessionKey, all);
    }

    private ChatActions actions(ReplyTarget chat) {
        ChatActions actions = channels.apply(chat.channel());
        return actions != null ? actions : ChatActions.none(chat.channel());
    }

    private static ReplyTarget requireChat(ReplyTarget chat) {
        if (chat == null) {
            throw new ToolException("this session has no chat to act on");
        }
        return chat;
    }

    private static String required(JsonNode args, String field) {
        String value = optional(args, field);
        if (value == null || value.isBlank()) {
            throw new ToolException(field + " is required");
        }
        return value;
    }

    private static String optional(JsonNode args, String field) {
        JsonNode v = args.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file left in dataDir/media/downloads is harmless
        }
    }
}
