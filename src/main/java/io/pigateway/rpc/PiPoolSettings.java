package io.pigateway.rpc;

import io.pigateway.config.AgentConfig;

/**
 * Sizing and limits of a {@link PiPool}. {@code maxWaiting} bounds the FIFO of turns waiting for a
 * process; {@code maxLineBytes} bounds one stdout line of pi (longer lines are dropped).
 */
public record PiPoolSettings(int min, int max, long idleTimeoutMs, int maxWaiting, long turnTimeoutMs,
                             long startTimeoutMs, int maxLineBytes) {
    public static final long DEFAULT_START_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    public PiPoolSettings {
        if (max < 1 || min < 0 || min > max) {
            throw new IllegalArgumentException("pool needs 0 <= min <= max and max >= 1, got min=" + min + " max=" + max);
        }
        startTimeoutMs = startTimeoutMs > 0 ? startTimeoutMs : DEFAULT_START_TIMEOUT_MS;
        maxLineBytes = maxLineBytes > 0 ? maxLineBytes : DEFAULT_MAX_LINE_BYTES;
    }

    public PiPoolSettings(int min, int max, long idleTimeoutMs, int maxWaiting, long turnTimeoutMs) {
        this(min, max, idleTimeoutMs, maxWaiting, turnTimeoutMs, 0, 0);
    }

    public static PiPoolSettings from(AgentConfig agent) {
        AgentConfig.PoolConfig pool = agent.pool();
        return new PiPoolSettings(pool.min(), pool.max(), pool.idleTimeoutMs(), pool.maxWaiting(), agent.turnTimeoutMs());
    }

    /** The same with {@code min} warm processes (0: processes are spawned for turns only). */
    public PiPoolSettings withMin(int min) {
        return new PiPoolSettings(min, max, idleTimeoutMs, maxWaiting, turnTimeoutMs, startTimeoutMs, maxLineBytes);
    }

    public PiPoolSettings withStartTimeoutMs(long ms) {
        return new PiPoolSettings(min, max, idleTimeoutMs, maxWaiting, turnTimeoutMs, ms, maxLineBytes);
    }

    public PiPoolSettings withMaxLineBytes(int bytes) {
        return new PiPoolSettings(min, max, idleTimeoutMs, maxWaiting, turnTimeoutMs, startTimeoutMs, bytes);
    }
}
