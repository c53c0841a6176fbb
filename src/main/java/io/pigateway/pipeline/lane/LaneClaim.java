package io.pigateway.pipeline.lane;

/**
 * Implemented by the observer of a message whose right to run can be withdrawn (a Kafka partition
 * that moved to another instance): the lane asks right before the message's turn starts or the
 * message is steered into one, and drops it quietly on {@code false}; its new owner runs it.
 */
public interface LaneClaim {

    /** True if the message may run here now; from then on it counts as started. */
    boolean claim();
}
