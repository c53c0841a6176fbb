package io.pigateway.core.channel;

import io.pigateway.core.InboundMessage;

/**
 * A slash command every channel understands ({@code /new}, {@code /status}, a plugin's
 * {@code /weather}): the inbound route answers it instead of the agent.
 *
 * @param name        the command without the slash, lower case
 * @param description one line for {@code /help} and the platforms' command menus
 * @param handler     the reply; null lets the message go on to the agent
 */
public record ChatCommand(String name, String description, Handler handler) {

    /** Runs a command for one message of an admitted sender. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param message    the message (its text starts with the command)
         * @param sessionKey the session the message belongs to
         * @param args       the text after the command, trimmed
         */
        String handle(InboundMessage message, String sessionKey, String args) throws Exception;
    }
}
