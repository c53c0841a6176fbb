package io.pigateway.pipeline.lane.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.pipeline.InboundMessageJson;
import java.util.Optional;

/**
 * A message on the lanes topic, as JSON (the record's key is the session key).
 *
 * @param answer  who gets the answer: {@link Answer#CHANNEL} (the channel's delivery, any instance),
 *                {@link Answer#REPLY} (a caller waiting on instance {@code replyTo}) or {@link Answer#NONE}
 * @param replyId the waiting caller's id on {@code replyTo}
 */
record LaneRecord(InboundMessage message, String sessionKey, String role, Answer answer, String replyTo,
                  String replyId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Answer { CHANNEL, REPLY, NONE }

    String toJson() {
        ObjectNode o = JSON.createObjectNode().put("sessionKey", sessionKey).put("answer", answer.name())
                .put("replyTo", replyTo).put("replyId", replyId);
        o.put("message", InboundMessageJson.write(message, role));
        return o.toString();
    }

    static Optional<LaneRecord> fromJson(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            return InboundMessageJson.read(o.path("message").asText()).map(m -> new LaneRecord(m.message(),
                    o.path("sessionKey").asText(), m.role(), Answer.valueOf(o.path("answer").asText()),
                    o.path("replyTo").asText(null), o.path("replyId").asText(null)));
        } catch (Exception e) {
            return Optional.empty(); // not ours or damaged: the caller logs and skips it
        }
    }
}
