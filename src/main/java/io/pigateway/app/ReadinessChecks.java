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

    private static boolean excluded(HealthCheck check) {
        return !check.isReadiness() || !(GROUP.equals(check.getGroup()) || "context".equals(check.getId()));
    }
}
