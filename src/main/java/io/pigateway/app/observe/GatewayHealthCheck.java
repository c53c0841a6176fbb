package io.pigateway.app.observe;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One of the gateway's readiness checks (group {@value #GROUP}) in Camel's health-check registry:
 * a channel's connection, the pi pool, the state store. Not liveness: restarting the process would
 * not fix any of them. A channel's check being down degrades the gateway but keeps it ready
 * (see ReadinessChecks in app).
 */
final class GatewayHealthCheck extends AbstractHealthCheck {
    static final String GROUP = "pi-gateway";

    private final Consumer<HealthCheckResultBuilder> probe;

    GatewayHealthCheck(String id, Consumer<HealthCheckResultBuilder> probe) {
        super(GROUP, id);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.accept(builder);
        } catch (RuntimeException e) {
            builder.down().message(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
