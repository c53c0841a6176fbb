package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading a Chat Completions body: session choice, role by model, the prompt, and 400s naming the field. */
class CompletionRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiModels models = new OpenAiModels(Set.of("mentor"), "anthropic/claude-sonnet-4-5");

    private CompletionRequest parse(String body, String header) throws Exception {
        return CompletionRequest.parse((ObjectNode) JSON.readTree(body), header, models, "main");
    }

    private String param(String body) {
        try {
            parse(body, null);
        } catch (CompletionRequest.Invalid e) {
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().type()).isEqualTo("invalid_request_error");
            return e.error().param();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void theSessionComesFromTheHeaderThenUserThenANewOne() throws Exception {
        String body = "{\"model\":\"pi\",\"user\":\"bob\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(parse(body, "agent:main:custom:x").sessionKey()).isEqualTo("agent:main:custom:x");
        CompletionRequest byUser = parse(body, null);
        assertThat(byUser.sessionKey()).isEqualTo("agent:main:openai:dm:bob");
        assertThat(byUser.stateless()).isFalse();
        CompletionRequest anonymous = parse("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);
        assertThat(anonymous.stateless()).isTrue();
        assertThat(anonymous.sessionKey()).startsWith("agent:main:openai:request:")
                .isNotEqualTo(parse("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null)
                        .sessionKey());
    }

    @Test
    void aUserThatIsNotAKeyPartIsEncodedNotForged() throws Exception {
        CompletionRequest r = parse("{\"model\":\"pi\",\"user\":\"eve:main\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}", null);
        assertThat(r.sessionKey()).isEqualTo("agent:main:openai:dm:eve%3Amain");
    }

    @Test
    void theModelPicksTheRole() throws Exception {
        assertThat(parse("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null).role()).isNull();
        assertThat(parse("{\"model\":\"pi:mentor\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null).role())
                .isEqualTo("mentor");
    }

    @Test
    void streamFlagsAndContentParts() throws Exception {
        CompletionRequest r = parse("""
                {"model":"pi","stream":true,"stream_options":{"include_usage":true},"temperature":0.2,
                 "messages":[{"role":"user","content":[{"type":"text","text":"look"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"text","text":"here"}]}]}""",
                null);
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.prompt()).endsWith("look\nhere");
    }

    @Test
    void badBodiesNameTheField() {
        assertThat(param("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(param("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(param("{\"model\":\"pi:nobody\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(param("{\"model\":\"pi\"}")).isEqualTo("messages");
        assertThat(param("{\"model\":\"pi\",\"messages\":{}}")).isEqualTo("messages");
        assertThat(param("{\"model\":\"pi\",\"messages\":[\"hi\"]}")).isEqualTo("messages[0].role");
        assertThat(param("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":7}]}"))
                .isEqualTo("messages[0].content");
        assertThat(param("{\"model\":\"pi\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}")).isEqualTo("messages");
        assertThat(param("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\" \"}]}"))
                .isEqualTo("messages[0].content");
        assertThat(param("{\"model\":\"pi\",\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isEqualTo("stream");
        assertThat(param("{\"model\":\"pi\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("n");
        assertThat(param("{\"model\":\"pi\",\"user\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .isEqualTo("user");
        assertThat(param("{\"model\":\"pi\",\"user\":\"" + "u".repeat(600)
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("user");
        assertThatThrownBy(() -> parse("{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "not a key")).isInstanceOfSatisfying(CompletionRequest.Invalid.class,
                e -> assertThat(e.error().param()).isEqualTo("X-Pi-Session-Key"));
    }
}
