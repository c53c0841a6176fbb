package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiLineWarmUpTest {

    @Test
    void everyLineOfTheCannedTurnParsesAsPisOwn() {
        assertThat(PiLineWarmUp.run(3)).isEqualTo(3 * PiLineWarmUp.linesPerRound());
    }
}
