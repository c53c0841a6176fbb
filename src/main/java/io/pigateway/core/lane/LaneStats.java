package io.pigateway.core.lane;

/** A snapshot of the lanes: sessions with a turn or a queue, turns running, messages waiting. */
public record LaneStats(int activeLanes, int runningTurns, int queuedMessages) {
}
