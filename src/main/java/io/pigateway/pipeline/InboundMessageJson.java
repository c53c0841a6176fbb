package io.pigateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An inbound message (and the role it is served with) as the JSON the {@link InboundJournal} keeps. */
public final class InboundMessageJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message read back: the message and its role (null when none). */
    public record Journaled(InboundMessage message, String role) {
    }

    private InboundMessageJson() {
    }

    public static String write(InboundMessage m, String role) {
        ObjectNode o = JSON.createObjectNode().put("channel", m.channel()).put("accountId", m.accountId())
                .put("scope", m.scope() != null ? m.scope().name() : null).put("chatId", m.chatId())
                .put("threadId", m.threadId()).put("senderId", m.senderId()).put("senderName", m.senderName())
                .put("text", m.text()).put("mentioned", m.mentioned()).put("messageId", m.messageId())
                .put("receivedAt", m.receivedAt().toEpochMilli()).put("role", role);
        ArrayNode media = o.putArray("media");
        for (MediaAttachment a : m.media()) {
            media.addObject().put("kind", a.kind()).put("path", a.path()).put("mimeType", a.mimeType())
                    .put("fileName", a.fileName());
        }
        return o.toString();
    }

    public static Optional<Journaled> read(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            List<MediaAttachment> media = new ArrayList<>();
            for (JsonNode a : o.path("media")) {
                media.add(new MediaAttachment(text(a, "kind"), text(a, "path"), text(a, "mimeType"),
                        text(a, "fileName")));
            }
            String scope = text(o, "scope");
            InboundMessage m = new InboundMessage(text(o, "channel"), text(o, "accountId"),
                    scope != null ? ChatScope.valueOf(scope) : null, text(o, "chatId"), text(o, "threadId"),
                    text(o, "senderId"), text(o, "senderName"), text(o, "text"), media,
                    o.path("mentioned").asBoolean(), text(o, "messageId"),
                    Instant.ofEpochMilli(o.path("receivedAt").asLong()));
            return Optional.of(new Journaled(m, text(o, "role")));
        } catch (Exception e) {
            return Optional.empty(); // an unreadable entry is dropped by the caller
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
