package io.pigateway.rpc;

/** Receives the events of one turn, in order, on the process's reader thread: never block. */
@FunctionalInterface
public interface PiEventListener {
    void onEvent(PiEvent event);
}
