package io.pigateway.core.stream;

/**
 * What a channel has to do to show an answer, independent of the platform. Segments are numbered
 * from 0 per answer; a channel remembers the platform message id it got for each segment so it
 * can apply {@link EditText}.
 */
public sealed interface OutboundUpdate {

    /** Show "typing…" (the agent is working). */
    record Typing() implements OutboundUpdate {
    }

    /** Send a new message; it becomes {@code segment}. */
    record SendText(int segment, String text) implements OutboundUpdate {
    }

    /** Replace the text of the message sent earlier as {@code segment}. */
    record EditText(int segment, String text) implements OutboundUpdate {
    }

    /** Update the native draft preview (platforms with drafts). */
    record DraftText(String text) implements OutboundUpdate {
    }

    /** The answer is complete; nothing more follows. */
    record Done() implements OutboundUpdate {
    }
}
