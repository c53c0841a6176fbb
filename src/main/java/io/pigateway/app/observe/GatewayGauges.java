package io.pigateway.app.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.channel.ChannelCounters;
import io.pigateway.core.channel.ChannelStatus;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.rpc.PoolStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@code pigateway_*} meters read at scrape time from what the gateway already counts: the
 * pool's {@link PoolStats}, the lanes, each channel's {@link ChannelStatus} and
 * {@link ChannelCounters}, the models' failovers. Nothing here runs on the turn path; {@link #refresh}
 * runs before each scrape to pick up channels, models and lanes that appeared since.
 */
final class GatewayGauges {
    static final int TOP_LANES = 10;

    private final MeterRegistry registry;
    private final Supplier<PiRpcComponent> pi;
    private final String mainPool;
    private final LaneDispatcher lanes;
    private final ChannelRegistry channels;
    private final MultiGauge laneDepth;
    private final MultiGauge channelUp;
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final Set<String> models = ConcurrentHashMap.newKeySet();

    GatewayGauges(MeterRegistry registry, Supplier<PiRpcComponent> pi, String mainPool, LaneDispatcher lanes,
                  ChannelRegistry channels) {
        this.registry = registry;
        this.pi = pi;
        this.mainPool = mainPool;
        this.lanes = lanes;
        this.channels = channels;
        pool("pigateway.pool.processes", "pi processes by state", "state", "busy", PoolStats::busy);
        pool("pigateway.pool.processes", "pi processes by state", "state", "idle", PoolStats::idle);
        pool("pigateway.pool.processes", "pi processes by state", "state", "starting", PoolStats::starting);
        pool("pigateway.pool.waiting", "turns waiting for a free pi process", null, null, PoolStats::waiting);
        poolCounter("pigateway.pool.spawns", "pi processes started", PoolStats::spawns);
        poolCounter("pigateway.pool.crashes", "ready pi processes that exited unexpectedly", PoolStats::restarts);
        poolCounter("pigateway.pool.spawn.failures", "pi processes that failed to start", PoolStats::startFailures);
        Gauge.builder("pigateway.queue.waiting", lanes, l -> l.stats().queuedMessages())
                .description("messages waiting in all lanes").register(registry);
        Gauge.builder("pigateway.lanes.active", lanes, l -> l.stats().activeLanes())
                .description("sessions with a running turn or a queue").register(registry);
        laneDepth = MultiGauge.builder("pigateway.lane.queue.depth")
                .description("messages waiting in a session's lane (the " + TOP_LANES + " deepest)").register(registry);
        channelUp = MultiGauge.builder("pigateway.channel.up")
                .description("1 when a channel account is up, 0.5 degraded, 0 down").register(registry);
    }

    private void pool(String name, String help, String tag, String value, ToDoubleFunction<PoolStats> f) {
        Gauge.Builder<GatewayGauges> b = Gauge.builder(name, this, g -> {
            PoolStats s = g.stats();
            return s == null ? Double.NaN : f.applyAsDouble(s);
        }).description(help).tag("pool", mainPool);
        if (tag != null) {
            b.tag(tag, value);
        }
        b.register(registry);
    }

    private void poolCounter(String name, String help, ToDoubleFunction<PoolStats> f) {
        FunctionCounter.builder(name, this, g -> {
            PoolStats s = g.stats();
            return s == null ? 0 : f.applyAsDouble(s);
        }).description(help).tag("pool", mainPool).register(registry);
    }

    private PoolStats stats() {
        PiRpcComponent component = pi.get();
        return component == null ? null : component.getPool(mainPool).stats();
    }

    /** Brings the per-lane, per-channel and per-model meters up to date; called before each scrape. */
    void refresh() {
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        lanes.deepestQueues(TOP_LANES).forEach((session, depth) ->
                depths.add(MultiGauge.Row.of(Tags.of("session", session), depth)));
        laneDepth.register(depths, true);
        List<MultiGauge.Row<?>> ups = new ArrayList<>();
        for (Channel channel : channels.all()) {
            for (ChannelStatus s : channel.statuses()) {
                ups.add(MultiGauge.Row.of(Tags.of("channel", channel.name(), "account", s.account()),
                        s.state() == ChannelStatus.State.UP ? 1 : s.state() == ChannelStatus.State.DEGRADED ? 0.5 : 0));
            }
            ChannelCounters counters = channel.counters();
            if (counters != null && counted.add(channel.name())) {
                channelCounter("pigateway.channel.errors", "failed calls to the platform", channel.name(), counters,
                        ChannelCounters::errors);
                channelCounter("pigateway.channel.rate.limited", "429 answers from the platform", channel.name(),
                        counters, ChannelCounters::rateLimitedCount);
                channelCounter("pigateway.channel.reconnects", "connections to the platform set up again",
                        channel.name(), counters, ChannelCounters::reconnects);
            }
        }
        channelUp.register(ups, true);
        PiRpcComponent component = pi.get();
        if (component != null) {
            for (String model : component.modelHealth().report().keySet()) {
                if (models.add(model)) {
                    FunctionCounter.builder("pigateway.failovers", component, c -> failovers(c, model))
                            .description("turns that moved from this model to the next in the fallback chain")
                            .tag("model", model).register(registry);
                }
            }
        }
    }

    private void channelCounter(String name, String help, String channel, ChannelCounters counters,
                                ToDoubleFunction<ChannelCounters> f) {
        FunctionCounter.builder(name, counters, f).description(help).tag("channel", channel).register(registry);
    }

    private static double failovers(PiRpcComponent component, String model) {
        Object entry = component.modelHealth().report().get(model);
        return entry instanceof Map<?, ?> m && m.get("failovers") instanceof Number n ? n.doubleValue() : 0;
    }
}
