package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** `agent` section: how pi processes are spawned, pooled and fed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentConfig(
        String id,
        String model,
        ModelFailover modelFailover,
        String piCliPath,
        String thinkingLevel,
        RuntimeConfig runtime,
        List<String> skillsBase,
        List<String> skillsGateway,
        List<String> extensions,
        List<String> promptTemplates,
        PoolConfig pool,
        String appendSystemPrompt,
        String workspaceDir,
        String dmScope,
        QueueConfig queue,
        Long turnTimeoutMs,
        List<String> env,
        String sandbox,
        String sandboxUser) {

    public AgentConfig {
        id = id != null ? id : "main";
        modelFailover = modelFailover != null ? modelFailover : ModelFailover.defaults();
        piCliPath = piCliPath != null ? piCliPath : "pi";
        thinkingLevel = thinkingLevel != null ? thinkingLevel : "off";
        runtime = runtime != null ? runtime : RuntimeConfig.defaults();
        skillsBase = skillsBase != null ? List.copyOf(skillsBase) : List.of();
        skillsGateway = skillsGateway != null ? List.copyOf(skillsGateway) : List.of();
        extensions = extensions != null ? List.copyOf(extensions) : List.of();
        promptTemplates = promptTemplates != null ? List.copyOf(promptTemplates) : List.of();
        pool = pool != null ? pool : PoolConfig.defaults();
        dmScope = dmScope != null ? dmScope : "per-channel-peer";
        queue = queue != null ? queue : QueueConfig.defaults();
        turnTimeoutMs = turnTimeoutMs != null ? turnTimeoutMs : 600_000L;
        env = env != null ? List.copyOf(env) : List.of();
        sandbox = sandbox != null ? sandbox : "auto";
    }

    public static AgentConfig defaults() {
        return new AgentConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** Model failover chain (primary then fallbacks). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelFailover(String primary, List<String> fallbacks, Integer maxRetries, Long cooldownMs) {
        public ModelFailover {
            fallbacks = fallbacks != null ? List.copyOf(fallbacks) : List.of();
            maxRetries = maxRetries != null ? maxRetries : 2;
            cooldownMs = cooldownMs != null ? cooldownMs : 60_000L;
        }

        public static ModelFailover defaults() {
            return new ModelFailover(null, null, null, null);
        }
    }

    /** Where pi's own config (`PI_CODING_AGENT_DIR`) and an auto-installed pi live. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RuntimeConfig(String agentDir, String packageDir) {
        public RuntimeConfig {
            packageDir = packageDir != null ? packageDir : "~/.pi/gateway/runtime-package";
        }

        public static RuntimeConfig defaults() {
            return new RuntimeConfig(null, null);
        }
    }

    /** The pi process pool. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PoolConfig(Integer min, Integer max, Long idleTimeoutMs, Integer maxWaiting) {
        public PoolConfig {
            min = min != null ? min : 1;
            max = max != null ? max : 4;
            idleTimeoutMs = idleTimeoutMs != null ? idleTimeoutMs : 300_000L;
            maxWaiting = maxWaiting != null ? maxWaiting : 10_000;
        }

        public static PoolConfig defaults() {
            return new PoolConfig(null, null, null, null);
        }
    }

    /** What happens to a message that arrives while its session's turn runs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueueConfig(String mode, Integer maxPerSession) {
        public QueueConfig {
            mode = mode != null ? mode : "steer";
            maxPerSession = maxPerSession != null ? maxPerSession : 20;
        }

        public static QueueConfig defaults() {
            return new QueueConfig(null, null);
        }
    }

    /** Role capabilities, merged into the spawn flags of a role's sessions. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RoleCapability(List<String> skills, List<String> extensions, List<String> promptTemplates) {
        public RoleCapability {
            skills = skills != null ? List.copyOf(skills) : List.of();
            extensions = extensions != null ? List.copyOf(extensions) : List.of();
            promptTemplates = promptTemplates != null ? List.copyOf(promptTemplates) : List.of();
        }
    }
}
