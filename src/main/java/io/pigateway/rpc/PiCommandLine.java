package io.pigateway.rpc;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.AgentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code pi --mode rpc} command line and environment for an agent. Model and thinking level
 * are CLI flags on purpose: the RPC commands set_model / set_thinking_level write pi's shared
 * settings.json, which every later process would inherit.
 */
public final class PiCommandLine {
    private PiCommandLine() {
    }

    public static List<String> build(AgentConfig agent, Path piCli) {
        return build(agent, piCli, null);
    }

    /**
     * {@code role} adds a role's skills, extensions and prompt templates (may be null).
     * Context files (AGENTS.md / CLAUDE.md) stay enabled: a coding agent wants its project's rules.
     */
    public static List<String> build(AgentConfig agent, Path piCli, AgentConfig.RoleCapability role) {
        List<String> cmd = new ArrayList<>(List.of(piCli.toString(), "--mode", "rpc",
                // processes serve many sessions: each turn switch_session-es to its own file first
                "--no-session"));
        String model = primaryModel(agent);
        if (model != null) {
            cmd.add("--model");
            cmd.add(model);
        }
        cmd.add("--thinking");
        cmd.add(agent.thinkingLevel());
        if (agent.appendSystemPrompt() != null && !agent.appendSystemPrompt().isBlank()) {
            cmd.add("--append-system-prompt");
            cmd.add(agent.appendSystemPrompt());
        }
        // the seed's priority: a role's capabilities, then agent.skillsGateway, then agent.skillsBase
        List<String> skills = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        if (role != null) {
            skills.addAll(role.skills());
            extensions.addAll(role.extensions());
            templates.addAll(role.promptTemplates());
        }
        skills.addAll(agent.skillsGateway());
        skills.addAll(agent.skillsBase());
        extensions.addAll(agent.extensions());
        templates.addAll(agent.promptTemplates());
        repeat(cmd, "--no-skills", "--skill", skills);
        repeat(cmd, "--no-extensions", "--extension", extensions);
        repeat(cmd, "--no-prompt-templates", "--prompt-template", templates);
        cmd.add("--no-themes");
        return List.copyOf(cmd);
    }

    /** The model turns run on first: {@code agent.model}, else {@code agent.modelFailover.primary} (may be null). */
    public static String primaryModel(AgentConfig agent) {
        String model = agent.model() != null ? agent.model() : agent.modelFailover().primary();
        return model == null || model.isBlank() ? null : model;
    }

    /**
     * The models a turn may run on, in order: the primary, then {@code agent.modelFailover.fallbacks}
     * (each once). Only the primary when there are no fallbacks (or no primary to fall back from).
     */
    public static List<String> modelChain(AgentConfig agent) {
        String primary = primaryModel(agent);
        java.util.LinkedHashSet<String> models = new java.util.LinkedHashSet<>();
        if (primary != null) {
            models.add(primary);
            agent.modelFailover().fallbacks().stream().filter(m -> m != null && !m.isBlank()).forEach(models::add);
        }
        return List.copyOf(models);
    }

    /** The same pi command line with {@code --model model} (a fallback pool's processes). */
    public static List<String> withModel(List<String> command, String model) {
        List<String> cmd = new ArrayList<>(command);
        int at = cmd.indexOf("--model");
        if (at >= 0) {
            cmd.set(at + 1, model);
        } else {
            cmd.addAll(3, List.of("--model", model)); // after "<pi> --mode rpc"
        }
        return List.copyOf(cmd);
    }

    /** {@code PI_CODING_AGENT_DIR} when the agent has its own pi config dir. */
    public static Map<String, String> env(AgentConfig agent) {
        Map<String, String> env = new HashMap<>();
        String agentDir = agent.runtime().agentDir();
        if (agentDir != null && !agentDir.isBlank()) {
            env.put("PI_CODING_AGENT_DIR", ConfigPaths.expandHome(agentDir).toString());
        }
        return Map.copyOf(env);
    }

    /** The full spawn spec: command, env, and the agent's workspace as working directory. */
    public static PiProcessSpec spec(AgentConfig agent, Path piCli) {
        return spec(agent, piCli, null);
    }

    /** The spawn spec of a role's processes: the role's capabilities come first (seed priority). */
    public static PiProcessSpec spec(AgentConfig agent, Path piCli, AgentConfig.RoleCapability role) {
        Path workDir = agent.workspaceDir() != null ? ConfigPaths.expandHome(agent.workspaceDir()) : null;
        return new PiProcessSpec(build(agent, piCli, role), env(agent), workDir,
                new AgentEnvironment(Set.copyOf(agent.env()), Set.of()));
    }

    /** Discovery off, only the configured paths: the gateway decides what the agent loads. */
    private static void repeat(List<String> cmd, String disable, String flag, List<String> values) {
        cmd.add(disable);
        for (String v : values) {
            cmd.add(flag);
            cmd.add(ConfigPaths.expandHome(v).toString());
        }
    }
}
