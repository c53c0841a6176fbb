package io.pigateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentErrorTextTest {

    /** The text pi 0.73.1 answers a prompt with when the model's provider has no key (auth-guidance.js). */
    private static final String PI_NO_KEY = "The agent could not take the message: No API key found for anthropic.\n\n"
            + "Use /login to log into a provider via OAuth or API key. See:\n"
            + "  /root/.pi/gateway/runtime-package/node_modules/@mariozechner/pi-coding-agent/docs/providers.md\n"
            + "  /root/.pi/gateway/runtime-package/node_modules/@mariozechner/pi-coding-agent/docs/models.md";

    @Test
    void noApiKeyNamesTheProviderAndTheVariableWithoutPathsOrLogin() {
        String text = AgentErrorText.forUser(PI_NO_KEY);
        assertThat(text).isEqualTo("The agent has no API key for anthropic yet. The operator can set "
                + "ANTHROPIC_API_KEY for the gateway, or run `pi-gw doctor`.");
        assertThat(text).doesNotContain("/login", "/root", "rejected");
    }

    @Test
    void customProviderGetsPisNamingRule() {
        assertThat(AgentErrorText.forUser("No API key found for \"my-llm\""))
                .contains("no API key for my-llm", "MY_LLM_API_KEY");
    }

    @Test
    void knownProviderErrorShapesBecomeSentences() {
        assertThat(AgentErrorText.forUser("429 {\"type\":\"rate_limit_error\"}")).contains("rate-limiting");
        assertThat(AgentErrorText.forUser("529 {\"type\":\"overloaded_error\"}")).contains("overloaded");
        assertThat(AgentErrorText.forUser("500 Internal server error")).contains("provider had an error");
        assertThat(AgentErrorText.forUser("401 invalid x-api-key")).contains("refused the agent's API key");
        assertThat(AgentErrorText.forUser("fetch failed: ECONNREFUSED 127.0.0.1:9")).contains("could not reach");
        assertThat(AgentErrorText.forUser("prompt is too long: 210000 tokens > 200000 maximum"))
                .contains("too long for the model");
        assertThat(AgentErrorText.forUser("something odd at /srv/x.js")).doesNotContain("/srv").contains("pi-gw doctor");
    }

    @Test
    void contentFiltersAreRecognized() {
        assertThat(AgentErrorText.isContentFilter("Provider finish_reason: content_filter")).isTrue();
        assertThat(AgentErrorText.isContentFilter("500 Internal server error")).isFalse();
        assertThat(AgentErrorText.isContentFilter(null)).isFalse();
        assertThat(AgentErrorText.forUser("Provider finish_reason: content_filter")).contains("content filter");
    }
}
