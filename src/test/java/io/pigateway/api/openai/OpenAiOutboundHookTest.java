package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI API's answers pass {@code direct:outbound} as channel {@code openai}: a
 * {@code message_sending} hook route (YAML, as a user writes it) rewrites the final text, and a
 * stream gets what the hook appended before its last chunk.
 */
class OpenAiOutboundHookTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void messageSendingHooksSeeTheOpenAiAnswer() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("sign.yaml"), """
                - route:
                    id: sign-openai-answers
                    from:
                      uri: direct:hook-message_sending
                      steps:
                        - filter:
                            simple: "${body[channel]} == 'openai'"
                            steps:
                              - transform:
                                  simple: '{"text":"${body[text]} [checked]"}'
                """);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"routesDir\": \"" + routes + "\",", "",
                     "")) {
            JsonNode answer = JSON.readTree(gw.post("/v1/chat/completions",
                    "{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"hook me\"}]}").body());
            assertThat(answer.path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("echo: hook me [checked]");

            List<String> data = OpenAiApiEndToEndTest.dataLines(gw.post("/v1/chat/completions",
                    "{\"model\":\"pi\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hook the stream\"}]}")
                    .body());
            StringBuilder text = new StringBuilder();
            for (String d : data.subList(0, data.size() - 1)) {
                text.append(JSON.readTree(d).path("choices").get(0).path("delta").path("content").asText(""));
            }
            assertThat(text).hasToString("echo: hook the stream [checked]");
            // the gateway's own API is another channel: the hook leaves it alone
            assertThat(gw.chat("plain api", null).path("reply").asText()).isEqualTo("echo: plain api");
        }
    }
}
