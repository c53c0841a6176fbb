package io.pigateway.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether pi will find credentials for a model's provider: its key variable (pi-ai's
 * {@code env-api-keys} table, pi 0.73.1), an entry in pi's {@code auth.json} (a {@code /login}), or
 * a custom provider of {@code models.json} (which carries its own key). Used to warn at start-up
 * and in doctor instead of letting the first user meet the error.
 */
public final class ProviderKeys {

    static final Map<String, List<String>> VARIABLES = Map.ofEntries(
            Map.entry("anthropic", List.of("ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY")),
            Map.entry("openai", List.of("OPENAI_API_KEY")),
            Map.entry("azure-openai-responses", List.of("AZURE_OPENAI_API_KEY")),
            Map.entry("deepseek", List.of("DEEPSEEK_API_KEY")),
            Map.entry("google", List.of("GEMINI_API_KEY")),
            Map.entry("groq", List.of("GROQ_API_KEY")),
            Map.entry("cerebras", List.of("CEREBRAS_API_KEY")),
            Map.entry("xai", List.of("XAI_API_KEY")),
            Map.entry("openrouter", List.of("OPENROUTER_API_KEY")),
            Map.entry("vercel-ai-gateway", List.of("AI_GATEWAY_API_KEY")),
            Map.entry("zai", List.of("ZAI_API_KEY")),
            Map.entry("mistral", List.of("MISTRAL_API_KEY")),
            Map.entry("minimax", List.of("MINIMAX_API_KEY")),
            Map.entry("moonshotai", List.of("MOONSHOT_API_KEY")),
            Map.entry("huggingface", List.of("HF_TOKEN")),
            Map.entry("fireworks", List.of("FIREWORKS_API_KEY")),
            Map.entry("github-copilot", List.of("COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN")));

    private ProviderKeys() {
    }

    /**
     * @param model    {@code provider/model-id} (null: pi's default, not checked)
     * @param env      the variables the agent inherits
     * @param agentDir pi's agent dir (auth.json, models.json)
     * @return a sentence for the operator when pi will find no credentials, else empty
     */
    public static Optional<String> missing(String model, Map<String, String> env, Path agentDir) {
        if (model == null || !model.contains("/")) {
            return Optional.empty();
        }
        String provider = model.substring(0, model.indexOf('/'));
        List<String> names = VARIABLES.get(provider);
        if (names == null || names.stream().anyMatch(n -> env.get(n) != null && !env.get(n).isBlank())
                || mentions(agentDir.resolve("auth.json"), provider) || mentions(agentDir.resolve("models.json"), provider)) {
            return Optional.empty();
        }
        return Optional.of("The agent has no API key for " + provider + " (model " + model + "): set "
                + names.get(names.size() - 1) + " where the gateway starts, or log pi in as the gateway's user.");
    }

    private static boolean mentions(Path file, String provider) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains("\"" + provider + "\"");
        } catch (IOException e) {
            return false;
        }
    }
}
