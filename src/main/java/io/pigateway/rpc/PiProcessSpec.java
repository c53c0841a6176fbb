package io.pigateway.rpc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to spawn one pi process: full command line, extra environment (always passed), working
 * directory (null = inherit) and which of the gateway's own variables the process inherits
 * ({@code inherited}; null = all, for test doubles only).
 */
public record PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir,
                            AgentEnvironment inherited) {
    public PiProcessSpec {
        command = List.copyOf(command);
        env = env != null ? Map.copyOf(env) : Map.of();
    }

    /** A spec that inherits the whole environment (fake pi processes in tests). */
    public PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir) {
        this(command, env, workingDir, null);
    }

    public PiProcessSpec withCommand(List<String> newCommand) {
        return new PiProcessSpec(newCommand, env, workingDir, inherited);
    }

    public PiProcessSpec withEnv(Map<String, String> newEnv) {
        return new PiProcessSpec(command, newEnv, workingDir, inherited);
    }

    public PiProcessSpec withInherited(AgentEnvironment environment) {
        return new PiProcessSpec(command, env, workingDir, environment);
    }

    public PiProcessSpec withWorkingDir(Path dir) {
        return new PiProcessSpec(command, env, dir, inherited);
    }
}
