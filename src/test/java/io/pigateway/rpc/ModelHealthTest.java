package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ModelHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ModelHealth health = new ModelHealth(now::get);

    @Test
    void aFailedModelCoolsDownThenIsAvailableAgain() {
        health.failed("a/x", 60_000);
        assertThat(health.available("a/x")).isFalse();
        assertThat(health.available("a/y")).isTrue();
        now.addAndGet(60_000);
        assertThat(health.available("a/x")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReportSaysUntilWhenAndCounts() {
        health.track("a/y");
        health.failed("a/x", 1_000);
        health.failedOver("a/x");
        health.answered("a/y");
        Map<String, Object> x = (Map<String, Object>) health.report().get("a/x");
        assertThat(x).containsEntry("state", "cooling").containsEntry("until", "1970-01-01T00:16:41Z")
                .containsEntry("failures", 1L).containsEntry("failovers", 1L);
        assertThat((Map<String, Object>) health.report().get("a/y")).containsEntry("state", "ok").containsEntry("answers", 1L);
    }
}
