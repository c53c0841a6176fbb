package io.pigateway.core;

/**
 * Told once per finished turn, on the thread that finished it: which channel it came from, how it
 * ended ({@code ok} or the error code the user was shown, e.g. {@code timeout}, {@code agent_error})
 * and how long it took. Must be cheap and must not block: it runs on the turn path.
 */
@FunctionalInterface
public interface TurnMeter {
    void turnEnded(String channel, String outcome, long nanos);

    TurnMeter NONE = (channel, outcome, nanos) -> {
    };
}
