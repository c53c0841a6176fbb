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

    /** {@code down} when a check is down, {@code degraded} when a channel account is not up, else null. */
    static String status(Map<String, Object> checks) {
        boolean degraded = false;
        for (Object value : checks.values()) {
            if (!(value instanceof Map<?, ?> check)) {
                continue;
            }
            if (HealthCheck.State.DOWN.name().equals(check.get("state"))) {
                return "down";
            }
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
