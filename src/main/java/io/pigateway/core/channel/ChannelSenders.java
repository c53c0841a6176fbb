package io.pigateway.core.channel;

import java.util.Optional;

/**
 * Where {@code POST /api/send} looks up a channel's outbound sender. Channels register theirs;
 * until one does, every channel is unknown (404).
 */
@FunctionalInterface
public interface ChannelSenders {
    /** Delivers {@code text} to {@code target} (the part after "channel:") or throws IllegalArgumentException. */
    interface Sender {
        void send(String target, String text);
    }

    Optional<Sender> find(String channel);

    ChannelSenders NONE = channel -> Optional.empty();
}
