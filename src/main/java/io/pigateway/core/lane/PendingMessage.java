package io.pigateway.core.lane;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import java.util.Objects;

/** A message waiting for (or taking part in) a turn of its session, with whoever waits for the answer. */
public record PendingMessage(InboundMessage message, String sessionKey, TurnObserver observer) {

    public PendingMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sessionKey, "sessionKey");
        observer = observer != null ? observer : TurnObserver.NONE;
    }
}
