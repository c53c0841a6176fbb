package io.pigateway.app;

import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.support.cluster.ClusterServiceHelper;

/**
 * The figures {@code GET /health} reports: uptime, the main pool, the lanes, sessions and each
 * channel, and the readiness checks ({@code checks}): {@code status} is {@code down} (HTTP 503) when
 * one of them is down, {@code degraded} when a channel account is not up, else {@code ok}.
 */
final class HealthReport {
    private HealthReport() {
    }

    static Map<String, Object> of(Instant startedAt, GatewayConfig config, PiRpcComponent pi, LaneDispatcher lanes,
                                  StateStore store, List<Channel> running, org.apache.camel.CamelContext camel) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("uptimeMs", Duration.between(startedAt, Instant.now()).toMillis());
        h.put("pool", pi.getPool(PiSetup.MAIN_POOL).stats());
        h.put("models", pi.modelHealth().report()); // per model: ok / cooling until T, answers, failovers
        h.put("queues", lanes.stats());
        h.put("sessions", store.countSessions());
        if (config.cluster().isKafka()) {
            LaneComponent lane = camel.getRegistry().lookupByNameAndType("lane", LaneComponent.class);
            Map<String, Object> cluster = lane != null && lane.getTransport() != null ? lane.getTransport().health()
                    : Map.of();
            h.put("cluster", cluster);
            if (Boolean.FALSE.equals(cluster.get("consuming"))) {
                h.put("status", "degraded"); // this instance takes no session messages any more
            }
        }
        Map<String, Object> channels = new LinkedHashMap<>();
        channels.put("webchat", config.channels().webchat().enabled());
        running.forEach(c -> channels.putIfAbsent(c.name(), c.health()));
        h.put("channels", channels);
        // store.kind postgres: which leader-only work (pollers, cron) runs on this instance
        ClusterServiceHelper.lookupService(camel).ifPresent(cluster -> {
            Map<String, Object> leader = new TreeMap<>();
            cluster.getNamespaces().forEach(ns -> leader.put(ns, cluster.isLeader(ns)));
            Map<String, Object> both = new LinkedHashMap<>(Map.of("instance", cluster.getId()));
            if (h.get("cluster") instanceof Map<?, ?> kafka) { // kafka mode too: keep the partitions
                kafka.forEach((k, v) -> both.put(String.valueOf(k), v));
            }
            both.put("leader", leader);
            h.put("cluster", both);
        });
        // a channel that cannot reach its platform (e.g. a rejected Discord token) degrades the gateway
        if (channels.values().stream().anyMatch(v -> v instanceof Map<?, ?> m && "degraded".equals(m.get("status")))) {
            h.put("status", "degraded");
        }
        Map<String, Object> checks = ReadinessChecks.run(camel);
        h.put("checks", checks);
        String verdict = ReadinessChecks.status(checks);
        if (verdict != null) {
            h.put("status", verdict);
        }
        return h;
    }
}
