package io.pigateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeLlmServer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fake LLM's answer for tests that check a session's history: {@code echo: <last user text> | seen:
 * <the earlier user texts, in order>}. A user text the history holds twice (a turn that died with its
 * instance and ran again) is listed once.
 */
final class HistoryEcho {

    private HistoryEcho() {
    }

    static FakeLlmServer.Reply reply(JsonNode request) {
        List<String> users = FakeLlmServer.userTexts(request);
        String last = users.isEmpty() ? "" : users.get(users.size() - 1);
        String seen = users.stream().filter(t -> !t.equals(last)).distinct().collect(Collectors.joining(","));
        return FakeLlmServer.Reply.text("echo: " + last + " | seen: " + seen);
    }

    /** The answer to message {@code m} of a session whose messages are {@code "<session> m1"}, {@code "<session> m2"}, .... */
    static String expected(String session, int m) {
        return "echo: " + session + " m" + m + " | seen: "
                + IntStream.range(1, m).mapToObj(i -> session + " m" + i).collect(Collectors.joining(","));
    }
}
