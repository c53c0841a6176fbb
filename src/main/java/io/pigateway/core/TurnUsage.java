package io.pigateway.core;

/**
 * Token counts of a turn as pi reports them for the model call that produced the answer:
 * {@code input} excludes the cached part of the prompt ({@code cacheRead}, {@code cacheWrite}),
 * so the whole prompt is their sum. Zero where the provider reported nothing.
 */
public record TurnUsage(long input, long output, long cacheRead, long cacheWrite, long total) {

    public static final TurnUsage NONE = new TurnUsage(0, 0, 0, 0, 0);

    /** Every token of the prompt, cached or not (OpenAI's {@code prompt_tokens}). */
    public long prompt() {
        return input + cacheRead + cacheWrite;
    }

    /** The total pi reported, else prompt plus output. */
    public long totalOrSum() {
        return total > 0 ? total : prompt() + output;
    }
}
