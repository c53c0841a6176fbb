package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.rpc.TurnCompletion.Step;
import org.junit.jupiter.api.Test;

class TurnCompletionTest {
    private final TurnCompletion tc = new TurnCompletion();

    private static ObjectNode compactionEnd(boolean willRetry) {
        return PiProtocol.JSON.createObjectNode().put("type", "compaction_end").put("willRetry", willRetry);
    }

    @Test
    void agentEndAskedForConfirmationThenDone() {
        assertThat(tc.onEvent("agent_start", null)).isEqualTo(Step.CONTINUE);
        assertThat(tc.onEvent("message_end", null)).isEqualTo(Step.CONTINUE);
        assertThat(tc.onEvent("agent_end", null)).isEqualTo(Step.CONFIRM);
        assertThat(tc.onConfirmed(tc.confirmSeq(), false)).isEqualTo(Step.DONE);
        assertThat(tc.isDone()).isTrue();
    }

    @Test
    void autoRetryAfterAgentEndKeepsTheTurnOpenUntilTheNextAgentEnd() {
        tc.onEvent("agent_start", null);
        assertThat(tc.onEvent("agent_end", null)).isEqualTo(Step.CONFIRM);
        int stale = tc.confirmSeq();
        tc.onEvent("auto_retry_start", null);
        assertThat(tc.onConfirmed(stale, false)).isEqualTo(Step.CONTINUE);
        tc.onEvent("agent_start", null);
        assertThat(tc.onEvent("agent_end", null)).isEqualTo(Step.CONFIRM);
        assertThat(tc.onConfirmed(stale, false)).as("an old confirmation never completes").isEqualTo(Step.CONTINUE);
        assertThat(tc.onConfirmed(tc.confirmSeq(), false)).isEqualTo(Step.DONE);
    }

    @Test
    void overflowCompactionWithRetryWaitsForTheRetriedRun() {
        tc.onEvent("agent_end", null);
        int seq = tc.confirmSeq();
        tc.onEvent("compaction_start", null);
        assertThat(tc.onConfirmed(seq, true)).isEqualTo(Step.CONTINUE);
        assertThat(tc.onEvent("compaction_end", compactionEnd(true))).isEqualTo(Step.CONTINUE);
        tc.onEvent("agent_start", null);
        assertThat(tc.onEvent("agent_end", null)).isEqualTo(Step.CONFIRM);
        assertThat(tc.onConfirmed(tc.confirmSeq(), false)).isEqualTo(Step.DONE);
    }

    @Test
    void thresholdCompactionWithoutRetryEndsTheTurnAtCompactionEnd() {
        tc.onEvent("agent_end", null);
        tc.onEvent("compaction_start", null);
        assertThat(tc.onConfirmed(tc.confirmSeq(), false)).isEqualTo(Step.CONTINUE);
        assertThat(tc.onEvent("compaction_end", compactionEnd(false))).isEqualTo(Step.DONE);
    }

    @Test
    void confirmationWhilePiStillCompactsIsNotFinal() {
        tc.onEvent("agent_end", null);
        assertThat(tc.onConfirmed(tc.confirmSeq(), true)).isEqualTo(Step.CONTINUE);
        assertThat(tc.isDone()).isFalse();
    }

    @Test
    void nothingCompletesBeforeAnAgentEnd() {
        tc.onEvent("agent_start", null);
        assertThat(tc.onConfirmed(tc.confirmSeq(), false)).isEqualTo(Step.CONTINUE);
        assertThat(tc.onEvent("compaction_end", compactionEnd(false))).isEqualTo(Step.CONTINUE);
    }
}
