package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.PendingMessage;

/**
 * Where {@code to("lane:...")} puts a message when the lanes are shared by several instances: the
 * transport carries it to the instance that owns the session, which submits it to its own
 * dispatcher. Without a transport (standalone) the producer submits to the local dispatcher.
 */
public interface LaneTransport {

    /**
     * Hands the message over; returns once the transport holds it durably.
     *
     * @param channelAnswer true when nobody waits on the answer here: the channel's own delivery
     *                      (rebuilt on whichever instance runs the turn) sends it
     */
    void publish(PendingMessage message, boolean channelAnswer);

    /** The gateway drains before it stops: take no more messages (returns at once; the turns running go on). */
    default void stopTaking() {
    }

    /** What {@code GET /health} shows of the transport (e.g. the partitions this instance owns). */
    default java.util.Map<String, Object> health() {
        return java.util.Map.of();
    }
}
