package io.pigateway.config;

import io.pigateway.config.AgentConfig.PoolConfig;
import java.util.List;

/** Numeric limits, checked on the bound config so that defaults take part (pool min vs max). */
final class RangeValidator {

    private RangeValidator() {
    }

    static void validate(GatewayConfig config, List<String> errors) {
        int port = config.gateway().port();
        if (port < 1 || port > 65535) {
            errors.add("gateway.port: " + port + " is not allowed; use 1..65535");
        }
        long drain = config.gateway().drainTimeoutMs();
        if (drain < 0 || drain > 3_600_000) {
            errors.add("gateway.drainTimeoutMs: " + drain + " is not allowed; use 0..3600000 (0: stop without waiting "
                    + "for turns in flight)");
        }
        PoolConfig pool = config.agent().pool();
        atLeast("agent.pool.min", pool.min(), 0, errors);
        atLeast("agent.pool.max", pool.max(), 1, errors);
        if (pool.min() >= 0 && pool.max() >= 1 && pool.min() > pool.max()) {
            errors.add("agent.pool.min: " + pool.min() + " is larger than agent.pool.max (" + pool.max()
                    + "); use min <= max");
        }
        atLeast("agent.pool.idleTimeoutMs", pool.idleTimeoutMs(), 0, errors);
        atLeast("agent.pool.maxWaiting", pool.maxWaiting(), 0, errors);
        atLeast("agent.queue.maxPerSession", config.agent().queue().maxPerSession(), 1, errors);
        atLeast("agent.turnTimeoutMs", config.agent().turnTimeoutMs(), 1, errors);
        atLeast("agent.modelFailover.maxRetries", config.agent().modelFailover().maxRetries(), 0, errors);
        atLeast("agent.modelFailover.cooldownMs", config.agent().modelFailover().cooldownMs(), 0, errors);
        atLeast("gateway.http.warmUpRounds", config.gateway().http().warmUpRounds(), 0, errors);
        atLeast("channels.telegram.mediaMaxMbPerChat", config.channels().telegram().mediaMaxMbPerChat(), 1, errors);
        atLeast("channels.telegram.mediaRetentionDays", config.channels().telegram().mediaRetentionDays(), 1, errors);
    }

    private static void atLeast(String path, long value, long min, List<String> errors) {
        if (value < min) {
            errors.add(path + ": " + value + " is not allowed; use a number >= " + min);
        }
    }
}
