package io.pigateway.pipeline;

/** The pi pools turns run in: {@code main}, or {@code role-<name>} (each role's processes load its capabilities). */
public final class AgentPools {
    /** The pool of turns without a role. */
    public static final String MAIN = "main";

    private AgentPools() {
    }

    public static String poolName(String role) {
        return role == null ? MAIN : "role-" + role;
    }
}
