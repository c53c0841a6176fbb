package io.pigateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The {@code session_status} answer: tokens, cost, model and context use, in one short text. */
final class SessionStatusText {
    private SessionStatusText() {
    }

    static String format(String sessionKey, JsonNode all) {
        JsonNode stats = all.path("stats");
        JsonNode state = all.path("state");
        JsonNode tokens = stats.path("tokens");
        JsonNode model = state.path("model");
        String modelName = model.isObject() ? model.path("provider").asText("?") + "/" + model.path("id").asText("?")
                : model.asText("unknown");
        String answeredBy = all.path("answeredBy").asText("");
        if (!answeredBy.isEmpty() && !answeredBy.equals(modelName)) {
            modelName += ", last answer by " + answeredBy; // a fallback answered (model failover)
        }
        JsonNode context = stats.path("contextUsage");
        String contextText = context.isObject() && context.has("percent") && !context.path("percent").isNull()
                ? String.format(Locale.ROOT, "%.1f%% (%d of %d tokens)", context.path("percent").asDouble(),
                context.path("tokens").asLong(), context.path("contextWindow").asLong())
                : "unknown";
        return String.format(Locale.ROOT,
                "session %s%nmodel: %s (thinking %s)%ntokens: %d in, %d out, %d cache read, %d cache write, %d total%n"
                        + "cost: $%.4f%ncontext: %s%nmessages: %d (%d tool calls)",
                sessionKey, modelName, state.path("thinkingLevel").asText("off"),
                tokens.path("input").asLong(), tokens.path("output").asLong(), tokens.path("cacheRead").asLong(),
                tokens.path("cacheWrite").asLong(), tokens.path("total").asLong(), stats.path("cost").asDouble(),
                contextText, stats.path("totalMessages").asLong(), stats.path("toolCalls").asLong());
    }
}
