package io.pigateway.core.channel;

import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.session.SessionKeys;
import java.util.regex.Pattern;

/**
 * Addresses for {@code POST /api/send} and {@code pi-gw send}:
 * {@code channel:[account:]chatId[:topic:N]}, e.g. {@code telegram:123}, {@code telegram:work:123},
 * {@code telegram:default:-100123:topic:456}. A chat that has no address of its own (a WebChat
 * session) is named by its session key: {@code webchat:agent:main:webchat:dm:abc}.
 */
public final class ChannelAddress {
    private static final Pattern CHAT = Pattern.compile("-?\\d+|@[A-Za-z0-9_]{1,64}");
    /** A YAML channel's chat ids are the route author's: file names, mail addresses, queue keys. */
    private static final Pattern ROUTE_CHAT = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ChannelAddress() {
    }

    /** The target is well-formed but no such channel account runs (HTTP 404). */
    public static final class UnknownTargetException extends IllegalArgumentException {
        public UnknownTargetException(String message) {
            super(message);
        }
    }

    /** {@code channel:[account:]chatId[:topic:N]}, or {@code channel:<session key>} (the key is the chat id). */
    public static ReplyTarget parse(String address) {
        int colon = address.indexOf(':');
        String rest = colon < 0 ? "" : address.substring(colon + 1);
        if (rest.startsWith("agent:") && SessionKeys.isValid(rest)
                && ID.matcher(address.substring(0, colon)).matches()) {
            return new ReplyTarget(address.substring(0, colon), "default", ChatScope.DM, rest, null, null);
        }
        String[] p = address.split(":", -1);
        String bad = "bad address '" + address + "' (expected channel:[account:]chatId[:topic:N], e.g. telegram:123)";
        if (p.length < 2 || p.length > 5 || !ID.matcher(p[0]).matches()) {
            throw new IllegalArgumentException(bad);
        }
        String account = "default";
        int chat = 1;
        if (p.length == 3 || p.length == 5) {
            account = p[1];
            chat = 2;
            if (!ID.matcher(account).matches() || account.matches("-?\\d+")) {
                throw new IllegalArgumentException(bad);
            }
        }
        String chatId = p[chat];
        String thread = null;
        if (p.length - chat == 3) {
            if (!"topic".equals(p[chat + 1]) || !p[chat + 2].matches("\\d+")) {
                throw new IllegalArgumentException(bad);
            }
            thread = p[chat + 2];
        } else if (p.length - chat != 1) {
            throw new IllegalArgumentException(bad);
        }
        if (!CHAT.matcher(chatId).matches() && !ROUTE_CHAT.matcher(chatId).matches()) {
            throw new IllegalArgumentException(bad);
        }
        ChatScope scope = thread != null ? ChatScope.TOPIC : chatId.startsWith("-") ? ChatScope.GROUP : ChatScope.DM;
        return new ReplyTarget(p[0], account, scope, chatId, thread, null);
    }
}
