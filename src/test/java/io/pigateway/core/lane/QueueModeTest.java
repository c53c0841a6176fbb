package io.pigateway.core.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueueModeTest {

    @Test
    void parsesConfigValuesWithSteerAsDefault() {
        assertThat(QueueMode.fromConfig("followup")).isEqualTo(QueueMode.FOLLOWUP);
        assertThat(QueueMode.fromConfig("follow-up")).isEqualTo(QueueMode.FOLLOWUP);
        assertThat(QueueMode.fromConfig(" Collect ")).isEqualTo(QueueMode.COLLECT);
        assertThat(QueueMode.fromConfig(null)).isEqualTo(QueueMode.STEER);
        assertThat(QueueMode.INTERRUPT.configValue()).isEqualTo("interrupt");
        assertThatThrownBy(() -> QueueMode.fromConfig("drop")).isInstanceOf(IllegalArgumentException.class);
    }
}
