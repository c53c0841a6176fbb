package io.pigateway.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found (one line each, each naming
 * its key path) so a user fixes the file in one pass instead of one error per run.
 */
public class ConfigException extends RuntimeException {

    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        this(null, problems);
    }

    /** @param source the file the problems were found in, or null when not file-based */
    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String problem) {
        return new ConfigException(List.of(problem));
    }

    /** One entry per problem, e.g. {@code gateway.bind: "x" is not allowed; use one of ...}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        String header = source == null ? "Invalid configuration:" : "Invalid configuration in " + source + ":";
        return header + "\n  " + String.join("\n  ", problems);
    }
}
