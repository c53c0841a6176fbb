package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the readiness results make {@code /health}'s status: down beats degraded, degraded needs an account not up. */
class ReadinessChecksTest {

    @Test
    void aDownCheckIsDownAnAccountNotUpIsDegradedElseNothingChanges() {
        Map<String, Object> up = Map.of("state", "UP", "accounts", Map.of("default", Map.of("state", "up")));
        Map<String, Object> retrying = Map.of("state", "UP", "accounts", Map.of("work", Map.of("state", "degraded")));
        Map<String, Object> down = Map.of("state", "DOWN", "message", "pi cannot be started");

        assertThat(ReadinessChecks.status(Map.of("channel-telegram", up, "pool", Map.of("state", "UP")))).isNull();
        assertThat(ReadinessChecks.status(Map.of("channel-telegram", up, "channel-discord", retrying))).isEqualTo("degraded");
        assertThat(ReadinessChecks.status(Map.of("channel-discord", retrying, "pool", down))).isEqualTo("down");
        assertThat(ReadinessChecks.status(Map.of())).isNull();
    }
}
