package io.pigateway.rpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the gateway's environment a pi process inherits: what a shell and node need, pi's
 * own {@code PI_*} settings, the LLM providers' key variables (pi-ai's table, as pi 0.73.1 reads
 * them) and the names the operator lists in {@code agent.env}. Everything else (bot tokens, the
 * hooks token, database passwords) stays with the gateway, and so does every variable the config's
 * {@code ${...}} substitutions used unless it is listed in {@code agent.env}.
 */
public final class AgentEnvironment {

    static final Set<String> BASE = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM",
            "TZ", "TMPDIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "SSL_CERT_FILE", "SSL_CERT_DIR");
    static final List<String> PREFIXES = List.of("LC_", "NODE_", "PI_", "AWS_");

    /** The provider variables pi-ai reads ({@code env-api-keys.js}), plus Vertex/Bedrock credentials. */
    public static final Set<String> PROVIDER_KEYS = Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_OAUTH_TOKEN",
            "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "DEEPSEEK_API_KEY", "GEMINI_API_KEY", "GOOGLE_CLOUD_API_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION",
            "GROQ_API_KEY", "CEREBRAS_API_KEY", "XAI_API_KEY", "OPENROUTER_API_KEY", "AI_GATEWAY_API_KEY",
            "ZAI_API_KEY", "MISTRAL_API_KEY", "MINIMAX_API_KEY", "MINIMAX_CN_API_KEY", "MOONSHOT_API_KEY",
            "HF_TOKEN", "FIREWORKS_API_KEY", "OPENCODE_API_KEY", "KIMI_API_KEY", "CLOUDFLARE_API_KEY",
            "XIAOMI_API_KEY", "XIAOMI_TOKEN_PLAN_CN_API_KEY", "XIAOMI_TOKEN_PLAN_AMS_API_KEY",
            "XIAOMI_TOKEN_PLAN_SGP_API_KEY", "COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN");

    private final Set<String> listed;
    private final Set<String> substituted;

    /**
     * @param listed      {@code agent.env}: names passed in addition, even when the config used them
     * @param substituted names the config's {@code ${...}} references read: never passed unless listed
     */
    public AgentEnvironment(Set<String> listed, Set<String> substituted) {
        this.listed = Set.copyOf(listed);
        this.substituted = Set.copyOf(substituted);
    }

    /** Whether the agent may see variable {@code name}. */
    public boolean passes(String name) {
        if (listed.contains(name)) {
            return true;
        }
        if (substituted.contains(name)) {
            return false;
        }
        return BASE.contains(name) || PROVIDER_KEYS.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The inherited variables that pass, out of {@code gatewayEnv}. */
    public Map<String, String> filter(Map<String, String> gatewayEnv) {
        Map<String, String> out = new HashMap<>();
        gatewayEnv.forEach((name, value) -> {
            if (passes(name)) {
                out.put(name, value);
            }
        });
        return out;
    }
}
