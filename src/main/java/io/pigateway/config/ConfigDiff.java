package io.pigateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a reload changes, as key paths ({@code agent.pool.max}, {@code channels.telegram.allowlist}),
 * split into what the running gateway applies at once and what waits for a restart. The split is
 * a list of what is really applied live (see README "Config reload"); every other change is
 * reported as needing a restart, so the answer never claims more than happens.
 */
public record ConfigDiff(List<String> applied, List<String> restartNeeded) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key paths (regular expressions over the dotted path) the running gateway applies at once. */
    private static final List<Pattern> LIVE = List.of(
            // who may talk: the Telegram gate reads the config as last reloaded for every message
            "channels\\.telegram\\.(dmPolicy|allowlist)(\\..*)?",
            "channels\\.telegram\\.accounts\\.[^.]+\\.(dmPolicy|allowlist)(\\..*)?",
            "channels\\.telegram\\.groups\\.[^.]+\\.allowFrom(\\..*)?",
            "security\\.ssrfGuard(\\..*)?",
            // the agent's pools: sizes at once, the pi command line for new processes (idle ones recycled)
            "agent\\.pool(\\..*)?",
            "agent\\.(model|thinkingLevel|appendSystemPrompt)",
            "agent\\.(skillsGateway|skillsBase|extensions|promptTemplates)(\\..*)?",
            "agent\\.modelFailover(\\..*)?",
            // cron re-reads its section at once: jobs added, changed or removed, enabled, the safety rails
            "cron\\..+",
            "gateway\\.watchConfig"
    ).stream().map(Pattern::compile).toList();

    public ConfigDiff {
        applied = List.copyOf(applied);
        restartNeeded = List.copyOf(restartNeeded);
    }

    public static ConfigDiff between(GatewayConfig running, GatewayConfig fresh) {
        TreeSet<String> changed = new TreeSet<>();
        compare("", JSON.valueToTree(running), JSON.valueToTree(fresh), changed);
        List<String> applied = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (String path : changed) {
            (isLive(path) ? applied : restart).add(path);
        }
        return new ConfigDiff(applied, restart);
    }

    public boolean isEmpty() {
        return applied.isEmpty() && restartNeeded.isEmpty();
    }

    /** Whether any changed key path starts with {@code prefix} (e.g. {@code agent.pool}). */
    public boolean touches(String prefix) {
        return applied.stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "."));
    }

    static boolean isLive(String path) {
        return LIVE.stream().anyMatch(p -> p.matcher(path).matches());
    }

    /** Leaf paths that differ; lists compare as a whole (an allowlist changed, not its item 3). */
    private static void compare(String path, JsonNode a, JsonNode b, java.util.Set<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                compare(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
            return;
        }
        JsonNode left = a == null || a.isMissingNode() ? null : a;
        JsonNode right = b == null || b.isMissingNode() ? null : b;
        boolean same = left == null ? right == null || right.isNull() : left.equals(right) || (left.isNull() && right == null);
        if (!same) {
            out.add(path);
        }
    }

    /** {@code {"applied":[...], "restartNeeded":[...]}}. */
    public Map<String, Object> toMap() {
        return Map.of("applied", applied, "restartNeeded", restartNeeded);
    }

}
