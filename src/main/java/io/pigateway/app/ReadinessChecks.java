package io.pigateway.app;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Runs the readiness checks {@code /health} reports: the gateway's own (group {@code pi-gateway}:
 * channels, pool, state store) and Camel's context check. Camel's per-route and per-consumer checks
 * are left out: a user's YAML route that cannot reach its broker is not the gateway being unready.
 */
final class ReadinessChecks {
    private static final String GROUP = "pi-gateway";
    /** The id prefix of the channels' checks ({@code channel-telegram}). */
    static final String CHANNEL_CHECK = "channel-";

    private ReadinessChecks() {
    }

    /** Check id → {@code state} (UP, DOWN, UNKNOWN), {@code message} and the check's own details. */
    static Map<String, Object> run(CamelContext camel) {
        Map<String, Object> out = new TreeMap<>();
        if (camel == null || HealthCheckHelper.getHealthCheckRegistry(camel) == null) {
            return out;
        }
        for (HealthCheck.Result r : HealthCheckHelper.invoke(camel, ReadinessChecks::excluded)) {
            Map<String, Object> check = new TreeMap<>();
            check.put("state", r.getState().name());
            r.getMessage().ifPresent(m -> check.put("message", m));
            Object accounts = r.getDetails().get("accounts");
            if (accounts != null) {
                check.put("accounts", accounts);
            }
            r.getDetails().forEach((k, v) -> {
                if (!HealthCheckHelper.isReservedKey(k) && !k.contains(".")) {
                    check.putIfAbsent(k, v);
                }
            });
            out.put(r.getCheck().getId().toLowerCase(Locale.ROOT), check);
        }
        return out;
    }

    /**
     * {@code down} (not ready, HTTP 503) when a check of the gateway itself is down: the context, the
     * pool, the state store, the intake. {@code degraded} (still ready, 200) when a channel is down
     * or one of its accounts is not up, or the store cannot write: the other channels, WebChat and
     * the API keep working, so a load balancer must not take the gateway out for one platform's
     * outage. Else null.
     */
    static String status(Map<String, Object> checks) {
        boolean degraded = false;
        for (Map.Entry<String, Object> entry : checks.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> check)) {
                continue;
            }
            if (HealthCheck.State.DOWN.name().equals(check.get("state"))) {
                if (!entry.getKey().startsWith(CHANNEL_CHECK)) {
                    return "down";
                }
                degraded = true;
            }
            degraded |= Boolean.TRUE.equals(check.get("degraded"));
            if (check.get("accounts") instanceof Map<?, ?> accounts) {
                degraded |= accounts.values().stream().anyMatch(a -> a instanceof Map<?, ?> m && !"up".equals(m.get("state")));
            }
        }
        return degraded ? "degraded" : null;
    }

    private static boolean excluded(HealthCheck check) {
        return !check.isReadiness() || !(GROUP.equals(check.getGroup()) || "context".equals(check.getId()));
    }
}
