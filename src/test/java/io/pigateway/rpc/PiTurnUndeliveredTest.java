package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * A steer that reaches pi after its run closed is reported as undelivered, not silently lost; a
 * good answer is handed out at {@code agent_end}, an error only once pi confirmed it won't retry.
 */
class PiTurnUndeliveredTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void steersPiNeverStartedAreUndelivered() throws Exception {
        PiTurn turn = new PiTurn("s", null);
        assertThat(turn.tryInject("taken in")).isTrue();
        turn.tryInject("too late");
        turn.tryInject("too late"); // the same text twice: each one counts
        event(turn, "agent_start", "{}");
        event(turn, "message_start", userMessage("first prompt"));
        event(turn, "message_start", userMessage("taken in"));
        event(turn, "message_start", userMessage("too late"));
        event(turn, "message_end", "{\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"answer\"}],\"stopReason\":\"stop\"}}");
        assertThat(event(turn, "agent_end", "{}")).isEqualTo(TurnCompletion.Step.CONFIRM);
        turn.onConfirmed(turn.confirmSeq(), JSON.readTree("{\"isCompacting\":false}"));

        PiTurnResult result = turn.result().getNow(null);
        assertThat(result.text()).isEqualTo("answer");
        assertThat(result.undelivered()).containsExactly("too late");
        assertThat(turn.tryInject("after the result")).isFalse(); // nobody could account for it any more
    }

    @Test
    void aGoodAnswerIsHandedOutAtAgentEndWhileTheProcessWaitsForTheConfirmation() throws Exception {
        PiTurn turn = new PiTurn("s", null);
        event(turn, "message_end", "{\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"answer\"}],\"stopReason\":\"stop\"}}");
        assertThat(event(turn, "agent_end", "{}")).isEqualTo(TurnCompletion.Step.CONFIRM);
        assertThat(turn.result().getNow(null).text()).isEqualTo("answer");
        assertThat(turn.isSettled()).isFalse(); // a threshold compaction may still follow: not reusable yet
        assertThat(turn.acceptsInjection()).isFalse();
        turn.onConfirmed(turn.confirmSeq(), JSON.readTree("{\"isCompacting\":false}"));
        assertThat(turn.isSettled()).isTrue();
    }

    @Test
    void anErrorWaitsForTheConfirmationBecausePiMayRetryIt() throws Exception {
        PiTurn turn = new PiTurn("s", null);
        event(turn, "message_end", "{\"message\":{\"role\":\"assistant\",\"content\":[],"
                + "\"stopReason\":\"error\",\"errorMessage\":\"500 upstream\"}}");
        event(turn, "agent_end", "{}");
        assertThat(turn.result()).isNotDone();
        event(turn, "auto_retry_start", "{\"attempt\":1}");
        event(turn, "agent_start", "{}");
        event(turn, "message_end", "{\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"second try\"}],\"stopReason\":\"stop\"}}");
        event(turn, "agent_end", "{}");
        assertThat(turn.result().getNow(null).text()).isEqualTo("second try");
    }

    @Test
    void aRefusedInjectionIsNotPendingAnywhere() {
        PiTurn turn = new PiTurn("s", null);
        turn.tryInject("refused");
        turn.injectionFailed("refused");
        assertThat(turn.undelivered()).isEmpty();
    }

    private static String userMessage(String text) {
        return "{\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}";
    }

    private static TurnCompletion.Step event(PiTurn turn, String type, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("type", type);
        return turn.onEvent(new PiEvent(type, node));
    }
}
