package io.pigateway.rpc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How to spawn one pi process: full command line, extra environment, working directory (null = inherit). */
public record PiProcessSpec(List<String> command, Map<String, String> env, Path workingDir) {
    public PiProcessSpec {
        command = List.copyOf(command);
        env = env != null ? Map.copyOf(env) : Map.of();
    }
}
