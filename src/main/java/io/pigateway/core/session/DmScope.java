package io.pigateway.core.session;

import java.util.Locale;

/** How direct messages are grouped into sessions (config {@code agent.dmScope}). */
public enum DmScope {
    /** Every DM of the agent shares one session: {@code agent:main:main}. */
    MAIN("main"),
    /** One session per person across channels: {@code agent:main:dm:42}. */
    PER_PEER("per-peer"),
    /** One session per person and channel (the default): {@code agent:main:telegram:dm:42}. */
    PER_CHANNEL_PEER("per-channel-peer"),
    /** One session per person, channel and bot account: {@code agent:main:telegram:work:dm:42}. */
    PER_ACCOUNT_CHANNEL_PEER("per-account-channel-peer");

    public static final DmScope DEFAULT = PER_CHANNEL_PEER;

    private final String configValue;

    DmScope(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in the config file. */
    public String configValue() {
        return configValue;
    }

    /** Parses a config value; null or blank yields the default. */
    public static DmScope fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DmScope scope : values()) {
            if (scope.configValue.equals(wanted)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("Unknown dmScope '" + value
                + "' (expected main, per-peer, per-channel-peer or per-account-channel-peer)");
    }
}
