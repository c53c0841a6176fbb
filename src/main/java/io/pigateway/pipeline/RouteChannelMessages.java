package io.pigateway.pipeline;

import io.pigateway.core.ChatScope;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The YAML channel entrance: a route that sends a String to {@code direct:inbound} with the
 * {@code PiGateway*} headers (channel and chat id required) is a channel. This step turns such a
 * message, or a Map/JSON body with the same fields, into an {@link InboundMessage}; a Java channel's
 * message passes unchanged. A message missing a required field fails with a sentence naming it.
 */
public final class RouteChannelMessages implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (body instanceof InboundMessage) {
            return;
        }
        if (in.getHeader(GatewayHeaders.CHANNEL) != null || !(body instanceof Map<?, ?>)) {
            in.setBody(fromHeaders(in));
        } else {
            in.setBody(fromMap((Map<?, ?>) body));
        }
    }

    static InboundMessage fromHeaders(Message in) {
        String channel = required(in.getHeader(GatewayHeaders.CHANNEL, String.class), GatewayHeaders.CHANNEL);
        String chatId = required(in.getHeader(GatewayHeaders.CHAT_ID, String.class), GatewayHeaders.CHAT_ID);
        String text = in.getBody(String.class);
        return build(channel, chatId, in.getHeader(GatewayHeaders.SENDER_ID, String.class),
                in.getHeader(GatewayHeaders.SCOPE, String.class), in.getHeader(GatewayHeaders.THREAD_ID, String.class),
                in.getHeader(GatewayHeaders.ACCOUNT_ID, String.class),
                in.getHeader(GatewayHeaders.SENDER_NAME, String.class),
                in.getHeader(GatewayHeaders.MESSAGE_ID, String.class), text);
    }

    /**
     * A Map body (e.g. JSON unmarshalled in a route) with the keys {@code channel}, {@code chatId},
     * {@code text} and optionally {@code senderId}, {@code scope}, {@code threadId}, {@code accountId},
     * {@code senderName}, {@code messageId}. Also a Camel type converter (the pipeline module
     * registers it), so {@code convertBodyTo} works in a route.
     */
    @Converter
    public static InboundMessage fromMap(Map<?, ?> map) {
        return build(required(str(map, "channel"), "channel"), required(str(map, "chatId"), "chatId"),
                str(map, "senderId"), str(map, "scope"), str(map, "threadId"), str(map, "accountId"),
                str(map, "senderName"), str(map, "messageId"), str(map, "text"));
    }

    private static InboundMessage build(String channel, String chatId, String senderId, String scope,
                                        String threadId, String accountId, String senderName, String messageId,
                                        String text) {
        if (!channel.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("the channel name '" + channel
                    + "' must be lower-case letters, digits, '-' or '_' (at most 32)");
        }
        ChatScope chatScope = scopeOf(scope);
        return new InboundMessage(channel, accountId, chatScope, chatId, blankToNull(threadId),
                senderId != null && !senderId.isBlank() ? senderId : chatId, senderName, text, null,
                true, blankToNull(messageId), null);
    }

    private static ChatScope scopeOf(String scope) {
        if (scope == null || scope.isBlank() || "dm".equalsIgnoreCase(scope.strip())) {
            return ChatScope.DM;
        }
        if ("group".equalsIgnoreCase(scope.strip())) {
            return ChatScope.GROUP;
        }
        throw new IllegalArgumentException(GatewayHeaders.SCOPE + " must be dm or group, not '"
                + scope.strip().toLowerCase(Locale.ROOT) + "'");
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a message for direct:inbound needs " + name);
        }
        return value.strip();
    }

    private static String str(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v != null ? v.toString() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
