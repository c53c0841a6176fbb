package io.pigateway.rpc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to spawn one pi process: full command line, extra environment (always passed), working
 * directory (null = inherit), which of the gateway's own variables the process inherits
 * ({@code inherited}; null = all, for test doubles only) and where each process gets its private
 * transcript slot ({@code slotsDir}, see {@link SessionSlots}; null = transcripts used in place).
 */
public record PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir,
                            AgentEnvironment inherited, Path slotsDir) {
    public PiProcessSpec {
        command = List.copyOf(command);
        env = env != null ? Map.copyOf(env) : Map.of();
    }

    public PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir, AgentEnvironment inherited) {
        this(command, env, workingDir, inherited, null);
    }

    /** A spec that inherits the whole environment (fake pi processes in tests). */
    public PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir) {
        this(command, env, workingDir, null);
    }

    public PiProcessSpec withCommand(List<String> newCommand) {
        return new PiProcessSpec(newCommand, env, workingDir, inherited, slotsDir);
    }

    public PiProcessSpec withEnv(Map<String, String> newEnv) {
        return new PiProcessSpec(command, newEnv, workingDir, inherited, slotsDir);
    }

    /** This spec with {@code extra} variables added (or replaced); itself when there are none. */
    public PiProcessSpec plusEnv(Map<String, String> extra) {
        if (extra == null || extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(extra);
        return withEnv(merged);
    }

    public PiProcessSpec withInherited(AgentEnvironment environment) {
        return new PiProcessSpec(command, env, workingDir, environment, slotsDir);
    }

    public PiProcessSpec withWorkingDir(Path dir) {
        return new PiProcessSpec(command, env, dir, inherited, slotsDir);
    }

    /** Each process gets a private transcript slot under {@code dir} (the sandbox binds only that). */
    public PiProcessSpec withSlotsDir(Path dir) {
        return new PiProcessSpec(command, env, workingDir, inherited, dir);
    }
}
