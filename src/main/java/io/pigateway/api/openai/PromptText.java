package io.pigateway.api.openai;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one prompt pi gets for a Chat Completions request. pi keeps the conversation itself, so
 * only the last user message is new; two things from the request are put in front of it,
 * clearly delimited, because pi's RPC has no per-turn system prompt (its system prompt is fixed
 * when the process starts, and processes are shared between sessions):
 * <ul>
 *   <li>the request's {@code system}/{@code developer} messages, as instructions for this turn;</li>
 *   <li>for a request without a session (no header, no {@code user}), the earlier messages of the
 *       request, as the conversation so far: pi has no history for it.</li>
 * </ul>
 */
final class PromptText {
    static final String SYSTEM_START = "[System instructions from the client, for this reply only]";
    static final String SYSTEM_END = "[End of system instructions]";
    static final String HISTORY_START = "[Earlier conversation, as given by the client]";
    static final String HISTORY_END = "[End of earlier conversation]";

    private PromptText() {
    }

    /**
     * @param messages    the request's messages; the last user message is the prompt
     * @param withHistory whether the messages before it are given to pi as context (stateless use)
     */
    static String of(List<ChatMessage> messages, boolean withHistory) {
        int last = lastUserIndex(messages);
        StringBuilder prompt = new StringBuilder();
        String system = messages.stream().filter(ChatMessage::isSystem).map(ChatMessage::text)
                .filter(t -> !t.isBlank()).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            prompt.append(SYSTEM_START).append('\n').append(system).append('\n').append(SYSTEM_END).append("\n\n");
        }
        if (withHistory) {
            String history = messages.subList(0, last).stream().filter(m -> !m.isSystem() && !m.text().isBlank())
                    .map(m -> m.role() + ": " + m.text()).collect(Collectors.joining("\n\n"));
            if (!history.isEmpty()) {
                prompt.append(HISTORY_START).append('\n').append(history).append('\n').append(HISTORY_END).append("\n\n");
            }
        }
        return prompt.append(messages.get(last).text()).toString();
    }

    /** Index of the last user message, or -1. */
    static int lastUserIndex(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isUser()) {
                return i;
            }
        }
        return -1;
    }
}
