package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolEndpointTest {

    @Test
    void everyEndingOfAToolCallIsAnAnswer() {
        assertThat(ToolEndpoint.outcome("t", "s", () -> "sent")).isEqualTo(new ToolEndpoint.Outcome(200, null, "sent"));
        assertThat(ToolEndpoint.outcome("t", "s", () -> {
            throw new ToolException("file not found: a.png");
        })).isEqualTo(new ToolEndpoint.Outcome(422, "tool_error", "file not found: a.png"));
        // an Error (a huge file ran the heap out) still answers the agent, which waits for it
        ToolEndpoint.Outcome oom = ToolEndpoint.outcome("send_media", "s", () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertThat(oom.status()).isEqualTo(500);
        assertThat(oom.message()).isEqualTo("the gateway failed to run send_media").doesNotContain("heap");
        assertThat(ToolEndpoint.outcome("t", "s", () -> {
            throw new StackOverflowError();
        }).status()).isEqualTo(500);
    }
}
