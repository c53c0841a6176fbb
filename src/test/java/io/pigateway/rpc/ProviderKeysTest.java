package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderKeysTest {
    @TempDir
    Path agentDir;

    @Test
    void aKnownProviderWithoutItsVariableOrALoginIsNamedWithTheVariableToSet() throws Exception {
        assertThat(ProviderKeys.missing("anthropic/claude-sonnet-4", Map.of(), agentDir)).hasValueSatisfying(s ->
                assertThat(s).contains("no API key for anthropic", "ANTHROPIC_API_KEY").doesNotContain(agentDir.toString()));
        assertThat(ProviderKeys.missing("anthropic/claude-sonnet-4", Map.of("ANTHROPIC_API_KEY", "sk"), agentDir)).isEmpty();

        Files.writeString(agentDir.resolve("auth.json"), "{\"anthropic\": {\"type\": \"oauth\"}}");
        assertThat(ProviderKeys.missing("anthropic/claude-sonnet-4", Map.of(), agentDir)).isEmpty();
    }

    @Test
    void customProvidersAndUnqualifiedModelsAreNotGuessedAt() throws Exception {
        assertThat(ProviderKeys.missing("fake/fake-echo", Map.of(), agentDir)).isEmpty();
        assertThat(ProviderKeys.missing(null, Map.of(), agentDir)).isEmpty();
        Files.writeString(agentDir.resolve("models.json"), "{\"providers\": {\"openai\": {\"apiKey\": \"x\"}}}");
        assertThat(ProviderKeys.missing("openai/gpt-4o", Map.of(), agentDir)).isEmpty();
    }
}
