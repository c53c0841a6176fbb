package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderErrorsTest {
    @ParameterizedTest
    @ValueSource(strings = {"429 fake upstream error 429", "529 {\"type\":\"overloaded_error\"}", "500 fake upstream error 500",
            "503 Service Unavailable", "Connection error.", "Request timed out.", "rate limit exceeded", "fetch failed"})
    void providerFailuresFailOver(String error) {
        assertThat(ProviderErrors.isProviderError(error)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"400 fake upstream error 400", "401 invalid x-api-key", "403 Forbidden",
            "400 context_length_exceeded: maximum context length is 128000", "prompt is too long: 210000 tokens",
            "No API key found for the selected model", ""})
    void requestFailuresDoNot(String error) {
        assertThat(ProviderErrors.isProviderError(error)).isFalse();
    }
}
