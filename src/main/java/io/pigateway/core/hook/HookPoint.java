package io.pigateway.core.hook;

import java.util.Locale;

/** The 14 points where plugins and YAML routes can watch or change what the gateway does. */
public enum HookPoint {
    MESSAGE_RECEIVED,
    MESSAGE_SENDING,
    MESSAGE_SENT,
    BEFORE_AGENT_START,
    AGENT_END,
    BEFORE_TOOL_CALL,
    AFTER_TOOL_CALL,
    TOOL_RESULT_PERSIST,
    SESSION_START,
    SESSION_END,
    BEFORE_COMPACTION,
    AFTER_COMPACTION,
    GATEWAY_START,
    GATEWAY_STOP;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The snake_case name used in plugins and route ids, e.g. {@code message_received}. */
    public String id() {
        return id;
    }

    public static HookPoint fromId(String id) {
        for (HookPoint point : values()) {
            if (point.id.equals(id)) {
                return point;
            }
        }
        throw new IllegalArgumentException("Unknown hook '" + id + "'");
    }
}
