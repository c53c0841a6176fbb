package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripted agent tool calls for channel tests: a prompt {@code "M1 calls [["tool",{args}],...]"}
 * makes the fake LLM call the i-th tool after i tool results, then answer "done".
 */
public final class ToolScript {
    private static final Pattern CALLS = Pattern.compile("calls (\\[.*\\])", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolScript() {
    }

    /** The scripted reply, or null when the prompt has no script. */
    public static Reply reply(JsonNode request) {
        Matcher m = CALLS.matcher(FakeLlmServer.lastUserText(request));
        if (!m.find()) {
            return null;
        }
        try {
            JsonNode calls = JSON.readTree(m.group(1));
            int done = toolResults(request).size();
            if (done < calls.size()) {
                return Reply.toolCall(calls.get(done).get(0).asText(), calls.get(done).get(1).toString());
            }
            return Reply.text("done");
        } catch (Exception e) {
            return Reply.text("bad script: " + e);
        }
    }

    public static String calls(String marker, String... callsJson) {
        return marker + " calls [" + String.join(",", callsJson) + "]";
    }

    public static String call(String tool, String argsJson) {
        return "[\"" + tool + "\"," + argsJson + "]";
    }

    /** The tool results the LLM saw in the last turn whose prompt contained {@code marker}. */
    public static List<String> resultsOf(FakeLlmServer llm, String marker) {
        List<JsonNode> requests = llm.requests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (FakeLlmServer.lastUserText(requests.get(i)).contains(marker)) {
                return toolResults(requests.get(i));
            }
        }
        return List.of();
    }

    /** Texts of the tool results after the last user message of a request. */
    static List<String> toolResults(JsonNode request) {
        JsonNode messages = request.path("messages");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                lastUser = i;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = lastUser + 1; i < messages.size(); i++) {
            JsonNode msg = messages.get(i);
            if ("tool".equals(msg.path("role").asText())) {
                JsonNode c = msg.path("content");
                if (c.isTextual()) {
                    out.add(c.asText());
                } else {
                    StringBuilder sb = new StringBuilder();
                    c.forEach(part -> sb.append(part.path("text").asText()));
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }
}
