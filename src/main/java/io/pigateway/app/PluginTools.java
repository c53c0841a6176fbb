package io.pigateway.app;

import io.pigateway.app.Registrations.Registered;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.tools.AgentTools;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules a module's agent tool must meet before pi is told about it, and the list the bridge serves. */
public final class PluginTools {
    /** What every LLM provider accepts as a function name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    /** pi's own tools: a plugin tool of the same name would shadow them. */
    private static final Set<String> PI_TOOLS = Set.of("read", "bash", "edit", "write", "grep", "find", "ls");

    private PluginTools() {
    }

    /** The tools to pass to {@code ToolEndpoint.withPluginTools} and {@code ToolExtension.install}. */
    public static List<AgentToolSpec> specs(List<Registered<AgentToolSpec>> tools) {
        return tools.stream().map(Registered::value).toList();
    }

    /** Throws when {@code tool} cannot be offered to pi (the module's register() then fails). */
    static void requireValid(AgentToolSpec tool, List<Registered<AgentToolSpec>> registered) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(tool.handler(), "the tool's handler");
        if (tool.name() == null || !NAME.matcher(tool.name()).matches()) {
            throw new IllegalArgumentException("a tool name is a letter then up to 63 letters, digits, _ or -: "
                    + tool.name());
        }
        if (AgentTools.NAMES.contains(tool.name()) || PI_TOOLS.contains(tool.name())) {
            throw new IllegalArgumentException("the tool name " + tool.name() + " is taken by the gateway or pi");
        }
        registered.stream().filter(r -> r.value().name().equals(tool.name())).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("the tool " + tool.name() + " is already registered by " + r.module());
        });
        if (tool.parameters() != null && !tool.parameters().isObject()) {
            throw new IllegalArgumentException("the parameters of tool " + tool.name() + " must be a JSON schema object");
        }
    }
}
