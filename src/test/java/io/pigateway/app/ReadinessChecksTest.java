package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the readiness results make {@code /health}'s status: a gateway check down is down (503), a
 * channel down or an account not up or failing store writes are degraded (ready), down beats degraded.
 */
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

    @Test
    void aDownOrParkedChannelAndFailingStoreWritesDegradeButKeepTheGatewayReady() {
        Map<String, Object> parked = Map.of("state", "DOWN", "accounts", Map.of("default", Map.of("state", "down",
                "reason", "parked: Telegram rejected the bot token")));
        Map<String, Object> storeDegraded = Map.of("state", "UP", "degraded", true);

        assertThat(ReadinessChecks.status(Map.of("channel-telegram", parked, "pool", Map.of("state", "UP"))))
                .isEqualTo("degraded");
        assertThat(ReadinessChecks.status(Map.of("state-store", storeDegraded))).isEqualTo("degraded");
        assertThat(ReadinessChecks.status(Map.of("channel-telegram", parked, "state-store", Map.of("state", "DOWN"))))
                .isEqualTo("down");
    }
}
