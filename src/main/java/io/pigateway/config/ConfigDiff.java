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
            // new turns get the new timeout (a turn in flight keeps its deadline)
            "agent\\.turnTimeoutMs",
            // the lanes take new queue settings for the messages that follow
            "agent\\.queue(\\..*)?",
            // roles: the runner and /v1/models read them per turn; each role's pool gets its new spec
            "roles(\\..*)?",
            // channels read these per message: how answers stream, group/guild rules, who may talk
            "channels\\.(telegram|discord|feishu)\\.streamingMode",
            "channels\\.(telegram|discord)\\.accounts\\.[^.]+\\.streamingMode",
            "channels\\.(telegram|feishu)\\.groups(\\..*)?",
            "channels\\.discord\\.guilds(\\..*)?",
            // Telegram accounts: one added, removed or with a new token is (re)started alone
            "channels\\.telegram\\.botToken",
            "channels\\.telegram\\.accounts\\.[^.]+\\.(botToken|enabled)",
            // webhooks too: one route serves every webhook account, looked up per request
            "channels\\.telegram\\.(webhookUrl|webhookSecret)",
            "channels\\.telegram\\.accounts\\.[^.]+\\.(webhookUrl|webhookSecret)",
            // Discord accounts the same (one JDA client each); who may talk is read per message
            "channels\\.discord\\.token",
            "channels\\.discord\\.accounts\\.[^.]+\\.(token|enabled)",
            "channels\\.discord\\.(dmPolicy|allowlist)(\\..*)?",
            "channels\\.discord\\.accounts\\.[^.]+\\.(dmPolicy|allowlist)(\\..*)?",
            "channels\\.feishu\\.(dmPolicy|allowlist)(\\..*)?",
            // Feishu app credentials: a new API client (empty token cache) for the calls that follow
            "channels\\.feishu\\.(appId|appSecret|domain|apiBaseUrl)",
            // YAML channels (channels.<name>): the policy gate and the outbound step read them per message
            "channels\\.(?!(telegram|discord|feishu|webchat)\\.)[^.]+\\.(dmPolicy|allowlist|groups|streamingMode)(\\..*)?",
            "gateway\\.watchConfig",
            // read when a restart or stop begins its drain (and how long pi outlives a SIGTERM)
            "gateway\\.drainTimeoutMs",
            // the console's encoder is swapped at once (text or one JSON object per line)
            "logging\\.format"
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
        TreeSet<String> keys = new TreeSet<>(); // sorted as the file's key paths
        changed.forEach(path -> keys.add(asConfigKey(path)));
        for (String path : keys) {
            (isLive(path) ? applied : restart).add(path);
        }
        return new ConfigDiff(applied, restart);
    }

    /** YAML channels are bound into {@code channels.routeChannels}; the file says {@code channels.<name>}. */
    private static String asConfigKey(String path) {
        String bound = "channels.routeChannels.";
        return path.startsWith(bound) ? "channels." + path.substring(bound.length()) : path;
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

    /**
     * Leaf paths that differ; lists compare as a whole (an allowlist changed, not its item 3). An
     * object added or removed (a Telegram account) is compared with an empty one, so its leaves are
     * listed and each is judged on its own (a new account's token applies at once, any key not live waits).
     */
    private static void compare(String path, JsonNode a, JsonNode b, java.util.Set<String> out) {
        if (isObject(a) && absent(b)) {
            b = JSON.createObjectNode();
        } else if (absent(a) && isObject(b)) {
            a = JSON.createObjectNode();
        }
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

    private static boolean isObject(JsonNode node) {
        return node != null && node.isObject();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** {@code {"applied":[...], "restartNeeded":[...]}}. */
    public Map<String, Object> toMap() {
        return Map.of("applied", applied, "restartNeeded", restartNeeded);
    }

}
