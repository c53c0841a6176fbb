package io.pigateway.app;

import io.pigateway.config.AgentConfig;
import io.pigateway.config.ConfigDiff;
import io.pigateway.rpc.PiRpcComponent;

/**
 * A reload's share of the pi pools' defaults: only the settings whose config key changed are set
 * on the component. The others keep what runs now, which may come from
 * {@code camel.component.pi-rpc.*} (the operator's application.properties) rather than the config.
 */
final class PoolDefaults {

    private PoolDefaults() {
    }

    static void applyChanged(PiRpcComponent component, AgentConfig fresh, ConfigDiff diff) {
        AgentConfig.PoolConfig pool = fresh.pool();
        if (diff.touches("agent.pool.min")) {
            component.setPoolMin(pool.min());
        }
        if (diff.touches("agent.pool.max")) {
            component.setPoolMax(pool.max());
        }
        if (diff.touches("agent.pool.idleTimeoutMs")) {
            component.setIdleTimeoutMs(pool.idleTimeoutMs());
        }
        if (diff.touches("agent.pool.maxWaiting")) {
            component.setMaxWaiting(pool.maxWaiting());
        }
        if (diff.touches("agent.turnTimeoutMs")) {
            component.setTurnTimeoutMs(fresh.turnTimeoutMs()); // new turns; a running turn keeps its deadline
        }
    }
}
