package io.pigateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FakeLlmServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(FakeLlmServer llm, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(llm.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void echoesLastUserTextAsSse() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer()) {
            HttpResponse<String> res = post(llm, "{\"model\":\"fake-echo\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}]}");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("\"content\":\"echo: he\"").contains("\"finish_reason\":\"stop\"")
                    .contains("\"usage\"").endsWith("data: [DONE]\n\n");
            assertThat(llm.requestCount()).isEqualTo(1);
            assertThat(FakeLlmServer.lastUserText(llm.requests().get(0))).isEqualTo("hello world");
        }
    }

    @Test
    void answersToolCallThenDone() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer()) {
            String call = post(llm, "{\"messages\":[{\"role\":\"user\",\"content\":\"call tool send_message {\\\"text\\\":\\\"hi\\\"}\"}]}").body();
            assertThat(call).contains("\"tool_calls\"").contains("\"name\":\"send_message\"")
                    .contains("\"arguments\":\"{\\\"text\\\":\\\"hi\\\"}\"").contains("\"finish_reason\":\"tool_calls\"");
            String done = post(llm, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"content\":\"delivered\"}]}").body();
            assertThat(done).contains("\"content\":\"done\"");
        }
    }

    @Test
    void scriptedErrorStatus() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer()) {
            llm.setResponder(req -> FakeLlmServer.Reply.error(500));
            HttpResponse<String> res = post(llm, "{\"messages\":[]}");
            assertThat(res.statusCode()).isEqualTo(500);
            assertThat(res.body()).contains("fake upstream error 500");
        }
    }
}
