package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one prompt pi gets: the last user message, after the delimited system text and (stateless) history. */
class PromptTextTest {
    private final List<ChatMessage> conversation = List.of(
            new ChatMessage("system", "Be terse."),
            new ChatMessage("user", "first question"),
            new ChatMessage("assistant", "first answer"),
            new ChatMessage("developer", "No emojis."),
            new ChatMessage("user", "second question"));

    @Test
    void withASessionOnlyTheLastUserMessageAndTheSystemText() {
        assertThat(PromptText.of(conversation, false)).isEqualTo("""
                [System instructions from the client, for this reply only]
                Be terse.

                No emojis.
                [End of system instructions]

                second question""");
    }

    @Test
    void withoutASessionTheEarlierMessagesComeAlong() {
        assertThat(PromptText.of(conversation, true)).isEqualTo("""
                [System instructions from the client, for this reply only]
                Be terse.

                No emojis.
                [End of system instructions]

                [Earlier conversation, as given by the client]
                user: first question

                assistant: first answer
                [End of earlier conversation]

                second question""");
    }

    @Test
    void aPlainMessageStaysPlain() {
        assertThat(PromptText.of(List.of(new ChatMessage("user", "hi")), true)).isEqualTo("hi");
    }

    @Test
    void messagesAfterTheLastUserMessageAreNotThePrompt() {
        assertThat(PromptText.of(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "Sure,")), false))
                .isEqualTo("hi");
    }
}
