package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code POST /v1/chat/completions} body, checked, with the session it belongs to: the
 * {@code X-Pi-Session-Key} header, else {@code agent:<id>:openai:dm:<user>}, else a new session
 * for this request alone ({@code stateless}). Parsing is pure; a bad body throws {@link Invalid}
 * naming the field. Sampling options ({@code temperature}, {@code max_tokens}, ...) are accepted
 * and ignored: the agent's model settings are the gateway's.
 */
record CompletionRequest(String model, String role, String prompt, String sessionKey, boolean stateless,
                         boolean stream, boolean includeUsage, String user) {
    static final String CHANNEL = "openai";
    static final String SESSION_HEADER = "X-Pi-Session-Key";

    /** The message as it enters the pipeline. */
    InboundMessage inbound() {
        return InboundMessage.direct(CHANNEL, user != null ? user : "anonymous", prompt);
    }

    static CompletionRequest parse(ObjectNode body, String sessionHeader, OpenAiModels models, String agentId) {
        String model = requiredText(body, "model");
        String role;
        try {
            role = models.roleOf(model).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new Invalid(new OpenAiError(400, "invalid_request_error", "model_not_found", "model", e.getMessage()));
        }
        List<ChatMessage> messages = messages(body.get("messages"));
        boolean stream = flag(body, "stream");
        boolean includeUsage = body.path("stream_options").isObject() && flag((ObjectNode) body.get("stream_options"),
                "include_usage");
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw new Invalid(OpenAiError.badRequest("n", "Only n=1 is supported: the agent gives one answer."));
        }
        String user = optionalText(body, "user");
        String sessionKey;
        boolean stateless = false;
        if (sessionHeader != null) {
            if (!SessionKeys.isValid(sessionHeader)) {
                throw new Invalid(OpenAiError.badRequest(SESSION_HEADER, "The header " + SESSION_HEADER
                        + " is not a valid session key (agent:<id>:..., safe characters, at most "
                        + SessionKeys.MAX_LENGTH + " characters)."));
            }
            sessionKey = sessionHeader;
        } else if (user != null) {
            try {
                sessionKey = SessionKeys.forMessage(InboundMessage.direct(CHANNEL, user, ""), agentId,
                        DmScope.PER_CHANNEL_PEER);
            } catch (IllegalArgumentException e) {
                throw new Invalid(OpenAiError.badRequest("user", "'user' is too long to name a session."));
            }
        } else {
            stateless = true;
            sessionKey = "agent:" + agentId + ":" + CHANNEL + ":request:" + UUID.randomUUID();
        }
        return new CompletionRequest(model, role, PromptText.of(messages, stateless), sessionKey, stateless, stream,
                includeUsage, user);
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new Invalid(OpenAiError.badRequest("messages", "'messages' must be a non-empty array."));
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new Invalid(OpenAiError.badRequest(where + ".role", where + " must be an object with a 'role'."));
            }
            messages.add(new ChatMessage(m.get("role").asText(), contentText(m.get("content"), where + ".content")));
        }
        int last = PromptText.lastUserIndex(messages);
        if (last < 0) {
            throw new Invalid(OpenAiError.badRequest("messages", "'messages' must contain a user message."));
        }
        if (messages.get(last).text().isBlank()) {
            throw new Invalid(OpenAiError.badRequest("messages[" + last + "].content",
                    "The last user message has no text."));
        }
        return messages;
    }

    /** A string, or the text parts of an array of content parts (images and audio are not passed on). */
    private static String contentText(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new Invalid(OpenAiError.badRequest(where, where + " must be a string or an array of content parts."));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                text.append(text.length() > 0 ? "\n" : "").append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    private static String requiredText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new Invalid(OpenAiError.badRequest(field, "'" + field + "' must be a non-empty string."));
        }
        return v.asText();
    }

    private static String optionalText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(OpenAiError.badRequest(field, "'" + field + "' must be a string."));
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    private static boolean flag(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new Invalid(OpenAiError.badRequest(field, "'" + field + "' must be true or false."));
        }
        return v.asBoolean();
    }

    /** The body is not a request we can serve; the error names the field. */
    static final class Invalid extends RuntimeException {
        private final transient OpenAiError error;

        Invalid(OpenAiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        OpenAiError error() {
            return error;
        }
    }
}
