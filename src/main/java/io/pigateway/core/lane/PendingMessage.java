package io.pigateway.core.lane;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import java.util.Objects;

/**
 * A message waiting for (or taking part in) a turn of its session, with whoever waits for the answer.
 *
 * @param role the role whose capabilities (skills, extensions) serve the turn, or null for the default
 */
public record PendingMessage(InboundMessage message, String sessionKey, TurnObserver observer, String role) {

    public PendingMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sessionKey, "sessionKey");
        observer = observer != null ? observer : TurnObserver.NONE;
    }

    public PendingMessage(InboundMessage message, String sessionKey, TurnObserver observer) {
        this(message, sessionKey, observer, null);
    }
}
