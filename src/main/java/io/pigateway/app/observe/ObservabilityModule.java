package io.pigateway.app.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pigateway.api.HttpSurface;
import io.pigateway.app.GatewayKernel;
import io.pigateway.app.PiSetup;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.cron.CronRun;
import io.pigateway.cron.CronService;
import io.pigateway.logging.LogFormat;
import io.pigateway.pipeline.AgentTurnRunner;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.rpc.PiRpcComponent;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Observability: one Prometheus registry with Camel's per-route timers
 * ({@link RouteTimerPolicyFactory}), the {@code pigateway_*} meters and the JVM's, served on
 * {@code GET /metrics}; and the readiness checks (each channel, the pi pool, the state store) that {@code /health} answers from.
 */
public final class ObservabilityModule implements GatewayPlugin {

    @Override
    public String name() {
        return "observability";
    }

    @Override
    public int order() {
        return 45; // after the pipeline, api and cron it reads; channels are read at scrape time
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        for (var binder : new io.micrometer.core.instrument.binder.MeterBinder[] {new JvmMemoryMetrics(), gc,
                new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics()}) {
            binder.bindTo(registry);
        }
        api.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry); // camel-micrometer finds it by this name
        api.bind("routeTimerPolicyFactory", new RouteTimerPolicyFactory(registry)); // camel-main adds it to every route

        api.lookup(AgentTurnRunner.class).orElseThrow().withMeter(new TurnMetrics(registry));
        api.lookup(CronService.class).ifPresent(cron -> cron.onRun(event -> {
            if ("finished".equals(event.get("phase")) && event.get("run") instanceof CronRun run) {
                Counter.builder("pigateway.cron.runs").description("cron job runs by status (ok, error)")
                        .tag("status", String.valueOf(run.status())).register(registry).increment();
            }
        }));
        PiRpcComponent pi = api.lookup(PiRpcComponent.class).orElseThrow();
        Supplier<PiRpcComponent> piNow = () -> pi;
        LaneDispatcher lanes = api.lookup(LaneDispatcher.class).orElseThrow();
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        GatewayGauges gauges = new GatewayGauges(registry, piNow, PiSetup.MAIN_POOL, lanes, channels);
        if (kernel.store() instanceof io.pigateway.store.ResilientStateStore resilient) {
            io.micrometer.core.instrument.FunctionCounter.builder("pigateway.store.write.failures", resilient,
                    io.pigateway.store.ResilientStateStore::failedWrites)
                    .description("state store writes that failed (answered, but not kept)").register(registry);
            io.micrometer.core.instrument.Gauge.builder("pigateway.store.degraded", resilient,
                    r -> r.failing().isEmpty() ? 0 : 1).description("1 while state store writes fail").register(registry);
        }
        // cluster meters only where there is a cluster: elections with the shared store, partitions with Kafka
        LeaderMeters leaders = kernel.config().store().usesPostgres()
                ? new LeaderMeters(registry, kernel.config().cluster().instanceId()) : null;
        AutoCloseable kafkaMeters = kernel.config().cluster().isKafka() ? KafkaLaneMeters.register(registry,
                kernel.config().cluster(), api.lookup(io.pigateway.pipeline.lane.LaneComponent.class).orElseThrow())
                : null;
        api.addRoutes(new MetricsRoutes(registry, gauges, leaders));
        if (kernel.config().metrics().open()) {
            api.lookup(HttpSurface.class).orElseThrow().addPublicPaths(Set.of(MetricsRoutes.PATH));
        }
        kernel.configState().onReload((running, fresh, diff) -> LogFormat.apply(fresh.logging().format()));
        api.registerService(new HealthCheckSetup(channels, piNow, kernel.store(),
                api.lookup(io.pigateway.pipeline.GatewayService.class).orElseThrow().intake(), () -> {
            gc.close();
            registry.close();
            if (kafkaMeters != null) {
                try {
                    kafkaMeters.close();
                } catch (Exception e) {
                    // its admin client's threads end with the JVM either way
                }
            }
        }));
    }
}
