package io.pigateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import java.util.Optional;

/** A {@link ReplyTarget} as a small JSON value in the state store. */
final class ChatTargetJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTargetJson() {
    }

    static String write(ReplyTarget t) {
        ObjectNode o = JSON.createObjectNode().put("channel", t.channel()).put("accountId", t.accountId())
                .put("scope", t.scope() != null ? t.scope().name() : null).put("chatId", t.chatId())
                .put("threadId", t.threadId()).put("messageId", t.replyToMessageId());
        return o.toString();
    }

    static Optional<ReplyTarget> read(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            String scope = o.path("scope").asText(null);
            return Optional.of(new ReplyTarget(o.path("channel").asText(), o.path("accountId").asText(null),
                    scope != null ? ChatScope.valueOf(scope) : null, o.path("chatId").asText(null),
                    o.path("threadId").asText(null), o.path("messageId").asText(null)));
        } catch (Exception e) {
            return Optional.empty(); // an unreadable entry acts like none
        }
    }
}
