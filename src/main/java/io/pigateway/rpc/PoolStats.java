package io.pigateway.rpc;

/** A snapshot of a {@link PiPool} for diagnostics ({@code /health}). */
public record PoolStats(int processes, int busy, int idle, int waiting, long turnsServed, long restarts,
                        long startFailures) {
}
