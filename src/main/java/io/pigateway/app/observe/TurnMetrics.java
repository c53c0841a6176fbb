package io.pigateway.app.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigateway.core.TurnMeter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code pigateway_turns_seconds} (count, sum and histogram buckets) by {@code channel} and
 * {@code outcome}. The turn path pays two map lookups and one {@link Timer#record}: the timer of a
 * (channel, outcome) pair is built once, on its first turn, and nothing is allocated after that.
 */
final class TurnMetrics implements TurnMeter {
    static final String NAME = "pigateway.turns";
    /** Turns take from a second to minutes; buckets a dashboard can read without a percentile histogram. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Timer>> timers = new ConcurrentHashMap<>();

    TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void turnEnded(String channel, String outcome, long nanos) {
        String c = channel != null ? channel : "unknown";
        ConcurrentHashMap<String, Timer> byOutcome = timers.get(c);
        if (byOutcome == null) {
            byOutcome = timers.computeIfAbsent(c, k -> new ConcurrentHashMap<>());
        }
        Timer timer = byOutcome.get(outcome);
        if (timer == null) {
            timer = byOutcome.computeIfAbsent(outcome, o -> Timer.builder(NAME)
                    .description("Agent turns by channel and outcome (ok or the error code the user was shown)")
                    .tags("channel", c, "outcome", o).serviceLevelObjectives(BUCKETS).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
