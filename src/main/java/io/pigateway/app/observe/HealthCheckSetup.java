package io.pigateway.app.observe;

import io.pigateway.app.PiSetup;
import io.pigateway.core.channel.Channel;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.store.StateStore;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

/**
 * Registers the gateway's readiness checks in Camel's health-check registry as the context
 * starts (every channel is registered by then), and closes the meters when it stops.
 */
final class HealthCheckSetup extends io.pigateway.core.CamelAwareService {
    private final ChannelRegistry channels;
    private final Supplier<PiRpcComponent> pi;
    private final StateStore store;
    private final io.pigateway.pipeline.IntakeGate intake;
    private final Runnable onStop;

    HealthCheckSetup(ChannelRegistry channels, Supplier<PiRpcComponent> pi, StateStore store,
                     io.pigateway.pipeline.IntakeGate intake, Runnable onStop) {
        this.channels = channels;
        this.pi = pi;
        this.store = store;
        this.intake = intake;
        this.onStop = onStop;
    }

    @Override
    protected void doStart() {
        CamelContext camel = getCamelContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            registry = new DefaultHealthCheckRegistry(camel);
            camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        }
        registry.setEnabled(true); // camel-main leaves it off unless camel.health.enabled is set
        registry.setExposureLevel("full"); // every check's result, not only the failing ones
        registry.register(new GatewayHealthCheck("pool", HealthProbes.pool(pi, PiSetup.MAIN_POOL)));
        registry.register(new GatewayHealthCheck("state-store", HealthProbes.store(store)));
        registry.register(new GatewayHealthCheck("intake", HealthProbes.intake(intake)));
        for (Channel channel : channels.all()) {
            registry.register(new GatewayHealthCheck("channel-" + channel.name(), HealthProbes.channel(channel)));
        }
    }

    @Override
    protected void doStop() {
        onStop.run();
    }
}
