package io.pigateway.rpc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which models are cooling down after a provider failure, for every session at once: a model that
 * failed is skipped until its cooldown ends, then tried again. Also counts what {@code /health}
 * shows per model (answers, failures, failovers away from it).
 */
public final class ModelHealth {
    private final LongSupplier clock;
    private final Map<String, Entry> models = new LinkedHashMap<>();

    public ModelHealth() {
        this(System::currentTimeMillis);
    }

    public ModelHealth(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether {@code model} may be tried now (it is not cooling down). */
    public synchronized boolean available(String model) {
        Entry e = models.get(model);
        return e == null || e.coolingUntil <= clock.getAsLong();
    }

    /** The model failed with a provider error: skip it for {@code cooldownMs}. */
    public synchronized void failed(String model, long cooldownMs) {
        Entry e = entry(model);
        e.failures++;
        e.coolingUntil = clock.getAsLong() + cooldownMs;
    }

    public synchronized void answered(String model) {
        entry(model).answers++;
    }

    public synchronized void failedOver(String from) {
        entry(from).failovers++;
    }

    /** Per model: {@code state} ok or cooling, {@code until} (ISO time) when cooling, and the counters. */
    public synchronized Map<String, Object> report() {
        long now = clock.getAsLong();
        Map<String, Object> out = new LinkedHashMap<>();
        models.forEach((model, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean cooling = e.coolingUntil > now;
            m.put("state", cooling ? "cooling" : "ok");
            if (cooling) {
                m.put("until", Instant.ofEpochMilli(e.coolingUntil).toString());
            }
            m.put("answers", e.answers);
            m.put("failures", e.failures);
            m.put("failovers", e.failovers);
            out.put(model, m);
        });
        return out;
    }

    /** Makes the model show in {@link #report} before its first turn. */
    public synchronized void track(String model) {
        entry(model);
    }

    private Entry entry(String model) {
        return models.computeIfAbsent(model, k -> new Entry());
    }

    private static final class Entry {
        long coolingUntil;
        long answers;
        long failures;
        long failovers;
    }
}
