package io.pigateway.config;

import io.pigateway.config.AgentConfig.QueueConfig;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.config.CronConfig.Schedule;
import io.pigateway.config.GatewayConfig.AuthConfig;
import io.pigateway.config.GatewayConfig.GatewaySection;
import java.util.List;
import java.util.Map;

/** The closed sets of values that string options accept. */
public final class AllowedValues {

    public static final List<String> BIND = List.of("loopback", "lan", "auto");
    public static final List<String> AUTH_MODES = List.of("off", "token", "password");
    public static final List<String> THINKING_LEVELS = List.of("off", "minimal", "low", "medium", "high", "xhigh");
    public static final List<String> DM_SCOPES =
            List.of("main", "per-peer", "per-channel-peer", "per-account-channel-peer");
    public static final List<String> QUEUE_MODES = List.of("steer", "followup", "collect", "interrupt");
    public static final List<String> STREAMING_MODES = List.of("off", "partial", "block", "draft");
    public static final List<String> DM_POLICIES = List.of("pairing", "allowlist", "open", "disabled");
    public static final List<String> CRON_DELIVERIES = List.of("announce", "direct", "silent");
    public static final List<String> SCHEDULE_KINDS = List.of("cron", "every", "at");
    public static final List<String> CRON_CATCH_UP = List.of("one", "none");
    public static final List<String> MERGE_MODES = List.of("append", "replace");
    public static final List<String> SANDBOXES = List.of("auto", "bwrap", "user", "none");
    public static final List<String> LOG_FORMATS = List.of("text", "json");
    public static final List<String> STORE_KINDS = List.of(StoreConfig.SQLITE, StoreConfig.POSTGRES);
    public static final List<String> CLUSTER_MODES = List.of("standalone", "kafka");

    /** Rules for one component of one record. */
    private static final Map<String, List<String>> BY_FIELD = Map.ofEntries(
            Map.entry(key(GatewaySection.class, "bind"), BIND),
            Map.entry(key(AuthConfig.class, "mode"), AUTH_MODES),
            Map.entry(key(AgentConfig.class, "thinkingLevel"), THINKING_LEVELS),
            Map.entry(key(AgentConfig.class, "dmScope"), DM_SCOPES),
            Map.entry(key(QueueConfig.class, "mode"), QUEUE_MODES),
            Map.entry(key(CronJob.class, "delivery"), CRON_DELIVERIES),
            Map.entry(key(Schedule.class, "kind"), SCHEDULE_KINDS),
            Map.entry(key(CronConfig.class, "catchUp"), CRON_CATCH_UP),
            Map.entry(key(RolesConfig.class, "mergeMode"), MERGE_MODES),
            Map.entry(key(AgentConfig.class, "sandbox"), SANDBOXES),
            Map.entry(key(GatewayConfig.LoggingConfig.class, "format"), LOG_FORMATS),
            Map.entry(key(StoreConfig.class, "kind"), STORE_KINDS),
            Map.entry(key(ClusterConfig.class, "mode"), CLUSTER_MODES));

    /** Rules for a component name in whichever record has it (every channel and account). */
    private static final Map<String, List<String>> BY_NAME = Map.of(
            "streamingMode", STREAMING_MODES,
            "dmPolicy", DM_POLICIES);

    private AllowedValues() {
    }

    /** @return the allowed values of {@code recordType.component}, or null when it is free-form */
    static List<String> of(Class<?> recordType, String component) {
        List<String> allowed = BY_FIELD.get(key(recordType, component));
        return allowed != null ? allowed : BY_NAME.get(component);
    }

    private static String key(Class<?> recordType, String component) {
        return recordType.getName() + "#" + component;
    }
}
