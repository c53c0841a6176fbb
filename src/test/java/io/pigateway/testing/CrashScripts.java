package io.pigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Fake LLM scripts for the crash tests: turns that a SIGKILL cuts short at a known point. */
public final class CrashScripts {
    /** The text a STREAM turn streams, a chunk every 1.5 s: a crash a few seconds in cuts it short. */
    public static final String HALF = "Half of an answer that a crash cuts short, as the user sees";

    private CrashScripts() {
    }

    /** STREAM: the model streams {@link #HALF} slowly; STREAM TOOL: a tool runs first. Else the echo. */
    public static FakeLlmServer.Reply streamingSlowly(JsonNode request) {
        String text = FakeLlmServer.lastUserText(request);
        if (text.contains("TOOL") && toolResults(request) == 0) {
            return FakeLlmServer.Reply.toolCall("read", "{\"path\":\"notes.txt\"}");
        }
        if (text.contains("STREAM")) {
            return FakeLlmServer.Reply.chunked(HALF, 8).chunkDelay(1_500);
        }
        return FakeLlmServer.defaultReply(request);
    }

    /** Tool results since the request's last user message. */
    public static int toolResults(JsonNode request) {
        int count = 0;
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText();
            count = "user".equals(role) ? 0 : "tool".equals(role) ? count + 1 : count;
        }
        return count;
    }

    /** How many requests the LLM got whose last user text contains {@code containing}. */
    public static long requests(FakeLlmServer llm, String containing) {
        return llm.requests().stream().filter(r -> FakeLlmServer.lastUserText(r).contains(containing)).count();
    }
}
