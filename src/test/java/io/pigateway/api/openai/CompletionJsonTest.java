package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.TurnUsage;
import org.junit.jupiter.api.Test;

/** OpenAI's exact answer shapes, and pi's stop reasons and token counts in OpenAI's words. */
class CompletionJsonTest {

    @Test
    void stopReasonsMapToFinishReasons() {
        assertThat(CompletionJson.finishReason("stop")).isEqualTo("stop");
        assertThat(CompletionJson.finishReason("length")).isEqualTo("length");
        assertThat(CompletionJson.finishReason("content_filter")).isEqualTo("content_filter");
        assertThat(CompletionJson.finishReason("aborted")).isEqualTo("stop");
        assertThat(CompletionJson.finishReason("toolUse")).isEqualTo("stop");
        assertThat(CompletionJson.finishReason("command")).isEqualTo("stop");
        assertThat(CompletionJson.finishReason(null)).isEqualTo("stop");
    }

    @Test
    void usageCountsTheCachedPromptToo() {
        JsonNode u = CompletionJson.usage(new TurnUsage(100, 20, 300, 5, 425));
        assertThat(u.path("prompt_tokens").asLong()).isEqualTo(405);
        assertThat(u.path("completion_tokens").asLong()).isEqualTo(20);
        assertThat(u.path("total_tokens").asLong()).isEqualTo(425);
        assertThat(u.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(300);
        assertThat(CompletionJson.usage(new TurnUsage(3, 4, 0, 0, 0)).path("total_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void aCompletion() {
        JsonNode c = CompletionJson.completion("chatcmpl-r1", 1700000000, "pi", "hi", "stop", TurnUsage.NONE);
        assertThat(c.toString()).isEqualTo("{\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"pi\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"hi\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}");
    }

    @Test
    void chunks() {
        assertThat(CompletionJson.chunk("chatcmpl-r1", 1, "pi", "assistant", "", null).toString())
                .isEqualTo("{\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"pi\","
                        + "\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        JsonNode last = CompletionJson.chunk("chatcmpl-r1", 1, "pi", null, null, "length");
        assertThat(last.path("choices").get(0).path("delta").isEmpty()).isTrue();
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        JsonNode usage = CompletionJson.usageChunk("chatcmpl-r1", 1, "pi", new TurnUsage(1, 2, 0, 0, 3));
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("total_tokens").asLong()).isEqualTo(3);
    }
}
