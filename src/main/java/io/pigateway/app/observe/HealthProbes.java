package io.pigateway.app.observe;

import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChannelStatus;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.rpc.PoolStats;
import io.pigateway.store.ResilientStateStore;
import io.pigateway.store.StateStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/** What each readiness check looks at, and when it says down. */
final class HealthProbes {
    private HealthProbes() {
    }

    /** Down when any account of the channel is down; up (with {@code degraded} accounts listed) otherwise. */
    static Consumer<HealthCheckResultBuilder> channel(Channel channel) {
        return b -> {
            boolean down = false;
            Map<String, Object> accounts = new LinkedHashMap<>();
            StringBuilder reasons = new StringBuilder();
            for (ChannelStatus s : channel.statuses()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
                if (s.reason() != null) {
                    a.put("reason", s.reason());
                    reasons.append(reasons.length() > 0 ? "; " : "").append(s.account()).append(": ").append(s.reason());
                }
                if (s.sinceMillis() > 0) {
                    a.put("since", Instant.ofEpochMilli(s.sinceMillis()).toString());
                }
                accounts.put(s.account(), a);
                down |= s.state() == ChannelStatus.State.DOWN;
            }
            b.detail("accounts", accounts);
            b.state(down ? org.apache.camel.health.HealthCheck.State.DOWN : org.apache.camel.health.HealthCheck.State.UP);
            if (reasons.length() > 0) {
                b.message(reasons.toString());
            }
        };
    }

    /** Down while no pi process is alive and spawning keeps failing (the pool is backing off). */
    static Consumer<HealthCheckResultBuilder> pool(Supplier<PiRpcComponent> pi, String poolName) {
        return b -> {
            PiRpcComponent component = pi.get();
            if (component == null) {
                b.down().message("the pi pool is not running");
                return;
            }
            PoolStats s = component.getPool(poolName).stats();
            b.detail("busy", s.busy()).detail("idle", s.idle()).detail("starting", s.starting());
            if (s.spawnFailure() != null && s.busy() + s.idle() == 0) {
                b.down().message("pi cannot be started: " + s.spawnFailure());
            } else {
                b.up();
            }
        };
    }

    /** Down while the gateway drains before a restart or a stop (new work is refused with 503 then). */
    static Consumer<HealthCheckResultBuilder> intake(io.pigateway.pipeline.IntakeGate intake) {
        return b -> {
            if (intake.isClosed()) {
                b.down().message("draining: the gateway takes no new work until it has restarted");
            } else {
                b.up();
            }
        };
    }

    /**
     * Down when the state store does not answer a query; up but {@code degraded} (with what fails
     * since when) while writes fail: the gateway answers, it does not remember.
     */
    static Consumer<HealthCheckResultBuilder> store(StateStore store) {
        return b -> {
            store.countSessions();
            b.up();
            if (store instanceof ResilientStateStore resilient) {
                resilient.probe(); // recovers without traffic once the store takes writes again
            }
            if (store instanceof ResilientStateStore resilient && !resilient.failing().isEmpty()) {
                Map<String, Object> kinds = new LinkedHashMap<>();
                StringBuilder reasons = new StringBuilder();
                resilient.failing().forEach((kind, f) -> {
                    kinds.put(kind, Map.of("failures", f.failures(), "since",
                            Instant.ofEpochMilli(f.sinceMillis()).toString(), "error", f.error()));
                    reasons.append(reasons.length() > 0 ? "; " : "").append(kind).append(": ").append(f.error());
                });
                b.detail("degraded", true).detail("failingWrites", kinds)
                        .message("writes fail, not kept across a restart: " + reasons);
            }
        };
    }
}
