package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.channel.ChannelStatus;
import io.pigateway.core.channel.ChannelStatus.State;
import org.junit.jupiter.api.Test;

/** A poller is up while getUpdates answers, degraded while retrying, down after 2 × timeout or a rejected token. */
class PollerHealthTest {
    static final long DOWN_AFTER = 50_000;

    @Test
    void upWhilePollingDegradedWhileRetryingDownAfterTwiceTheTimeout() {
        PollerHealth health = new PollerHealth("default", DOWN_AFTER, 1_000);
        assertThat(health.status(1_000 + DOWN_AFTER).state()).isEqualTo(State.UP);
        health.polled(30_000);

        health.failed(31_000, 502, "Bad Gateway");
        ChannelStatus retrying = health.status(32_000);
        assertThat(retrying.state()).isEqualTo(State.DEGRADED);
        assertThat(retrying.reason()).contains("1 time(s)", "Bad Gateway");
        assertThat(retrying.sinceMillis()).isEqualTo(31_000);

        ChannelStatus silent = health.status(30_000 + DOWN_AFTER + 1);
        assertThat(silent.state()).isEqualTo(State.DOWN);
        assertThat(silent.reason()).contains("no getUpdates answer for 50 s", "Bad Gateway");

        health.polled(90_000);
        ChannelStatus back = health.status(90_001);
        assertThat(back.state()).isEqualTo(State.UP);
        assertThat(back.reason()).isNull();
        assertThat(back.sinceMillis()).isEqualTo(90_000);
    }

    @Test
    void aRejectedTokenIsDownAtOnce() {
        PollerHealth health = new PollerHealth("work", DOWN_AFTER, 0);
        health.failed(10, 401, "Unauthorized");
        ChannelStatus status = health.status(20);
        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.account()).isEqualTo("work");
        assertThat(status.reason()).contains("rejected the bot token", "401");
    }
}
