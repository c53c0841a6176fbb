package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.pigateway.config.AgentConfig.RoleCapability;
import java.util.Map;

/** `roles` section: per-role skills, extensions and prompt templates. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolesConfig(String mergeMode, Map<String, RoleCapability> capabilities) {
    public RolesConfig {
        mergeMode = mergeMode != null ? mergeMode : "append";
        capabilities = capabilities != null ? Map.copyOf(capabilities) : Map.of();
    }

    public static RolesConfig defaults() {
        return new RolesConfig(null, null);
    }
}
