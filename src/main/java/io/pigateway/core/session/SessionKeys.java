package io.pigateway.core.session;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Session keys: which conversation a message belongs to. A key is routing, never authorization.
 *
 * <p>Forms (agent {@code main}, channel {@code telegram}):
 * <ul>
 *   <li>group: {@code agent:main:telegram:group:-100123}</li>
 *   <li>forum topic: {@code agent:main:telegram:topic:-100123:456}</li>
 *   <li>channel: {@code agent:main:discord:channel:789}</li>
 *   <li>thread: {@code agent:main:discord:thread:<chatId>:<threadId>}</li>
 *   <li>DM, by {@link DmScope}: {@code main} → {@code agent:main:main}; {@code per-peer} →
 *       {@code agent:main:dm:<senderId>}; {@code per-channel-peer} (default) →
 *       {@code agent:main:telegram:dm:<senderId>}; {@code per-account-channel-peer} →
 *       {@code agent:main:telegram:<accountId>:dm:<senderId>}</li>
 * </ul>
 * A topic or thread message without a thread id falls back to the group / channel form.
 * Each part is percent-encoded outside {@code [A-Za-z0-9_.@+=-]}, so an id that contains
 * {@code :} can never forge another key and distinct ids never collide.
 */
public final class SessionKeys {

    public static final int MAX_LENGTH = 512;

    private static final String PREFIX = "agent:";

    private SessionKeys() {
    }

    /** The session key of an inbound message; see the class comment for the forms. */
    public static String forMessage(InboundMessage m, String agentId, DmScope dmScope) {
        Objects.requireNonNull(m, "message");
        String agent = "agent:" + part(agentId, "agentId");
        String channel = part(m.channel(), "channel");
        ChatScope scope = m.scope() != null ? m.scope() : ChatScope.DM;
        return switch (scope) {
            case DM -> dmKey(m, agent, channel, dmScope != null ? dmScope : DmScope.DEFAULT);
            case GROUP -> join(agent, channel, "group", part(m.chatId(), "chatId"));
            case CHANNEL -> join(agent, channel, "channel", part(m.chatId(), "chatId"));
            case TOPIC -> hasThread(m)
                    ? join(agent, channel, "topic", part(m.chatId(), "chatId"), part(m.threadId(), "threadId"))
                    : join(agent, channel, "group", part(m.chatId(), "chatId"));
            case THREAD -> hasThread(m)
                    ? join(agent, channel, "thread", part(m.chatId(), "chatId"), part(m.threadId(), "threadId"))
                    : join(agent, channel, "channel", part(m.chatId(), "chatId"));
        };
    }

    /**
     * Validates a client-supplied key and returns it unchanged.
     *
     * @throws IllegalArgumentException unless it is {@code agent:} followed by at least two
     *                                  non-empty parts of safe characters, at most {@link #MAX_LENGTH} long
     */
    public static String parse(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("Invalid session key (expected agent:<id>:..., safe characters, at most "
                    + MAX_LENGTH + " chars)");
        }
        return key;
    }

    /**
     * {@code agent:} and at least two parts of safe characters or {@code %}, none empty or dots only.
     * A scan, not a regex: it runs on every API request, and a regex with a repeated group allocated
     * more than the rest of the request's validation.
     */
    public static boolean isValid(String key) {
        if (key == null || key.length() > MAX_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        int parts = 0;
        int length = 0;
        boolean dotsOnly = true;
        for (int i = PREFIX.length(); i <= key.length(); i++) {
            char c = i < key.length() ? key.charAt(i) : ':';
            if (c == ':') {
                if (length == 0 || dotsOnly) {
                    return false;
                }
                parts++;
                length = 0;
                dotsOnly = true;
            } else if (isSafe(c) || c == '%') {
                length++;
                dotsOnly &= c == '.';
            } else {
                return false;
            }
        }
        return parts >= 2;
    }

    private static String dmKey(InboundMessage m, String agent, String channel, DmScope dmScope) {
        // a DM without a sender id (some webhooks) is still one person: the chat
        String peer = part(m.senderId() != null ? m.senderId() : m.chatId(), "senderId");
        return switch (dmScope) {
            case MAIN -> join(agent, "main");
            case PER_PEER -> join(agent, "dm", peer);
            case PER_CHANNEL_PEER -> join(agent, channel, "dm", peer);
            case PER_ACCOUNT_CHANNEL_PEER -> join(agent, channel, part(m.accountId(), "accountId"), "dm", peer);
        };
    }

    private static boolean hasThread(InboundMessage m) {
        return m.threadId() != null && !m.threadId().isEmpty();
    }

    private static String join(String... parts) {
        String key = String.join(":", parts);
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Session key longer than " + MAX_LENGTH + " chars");
        }
        return key;
    }

    /** Percent-encodes everything but the safe characters (UTF-8), so the mapping is injective. */
    static String part(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Cannot build a session key without " + what);
        }
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isSafe(c)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String encoded = out.toString();
        // "." and ".." are legal ids on no platform we know, but must never look like a path
        return encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '@' || c == '+' || c == '=' || c == '-';
    }
}
