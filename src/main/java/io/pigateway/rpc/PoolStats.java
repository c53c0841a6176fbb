package io.pigateway.rpc;

/**
 * A snapshot of a {@link PiPool} for diagnostics ({@code /health}, {@code /metrics}).
 *
 * @param restarts          ready processes that exited unexpectedly (crashes)
 * @param spawns            processes started since the pool began
 * @param spawnFailure      why the last spawn failed while spawns keep failing; null otherwise
 */
public record PoolStats(int processes, int busy, int idle, int waiting, long turnsServed, long restarts,
                        long startFailures, int starting, long spawns, String spawnFailure) {
}
