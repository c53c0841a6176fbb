package io.pigateway.core.channel;

/**
 * A chat action a channel could not do (not supported there, refused by the platform, a bad id);
 * the message is a sentence the agent can act on, so the tools bridge passes it on as the answer.
 */
public final class ChannelActionException extends RuntimeException {
    public ChannelActionException(String message) {
        super(message);
    }
}
