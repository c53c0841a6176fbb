package io.pigateway.rpc;

import java.util.Map;

/**
 * Per-process hooks of a {@link PiPool}: extra environment for each spawn (e.g. a secret that
 * identifies the process to the gateway's tool endpoints) and notice when a process is gone, so
 * whatever was handed to it can die with it. Called under the pool's lock: keep both cheap.
 */
public interface PiProcessListener {
    /** Environment added to the spawn of process {@code processId} (unique within the pool). */
    Map<String, String> envFor(long processId);

    /** The process answers RPC (its extensions have loaded). */
    default void onReady(long processId) {
    }

    /** The process exited (or never started); it will not be reused. */
    default void onExit(long processId) {
    }

    PiProcessListener NONE = processId -> Map.of();
}
