package io.pigateway.app;

import io.pigateway.core.GatewayDrainingException;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.LaneStats;
import io.pigateway.pipeline.AgentTurnRunner;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.IntakeGate;
import io.pigateway.pipeline.lane.LaneComponent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the gateway before a restart or a stop: closes the intake (callers get 503 with
 * Retry-After, see {@link IntakeGate}), pauses every channel (a paused platform keeps what it has
 * for after the restart), lets turns in flight and queued messages finish until
 * {@code gateway.drainTimeoutMs}, then aborts what still runs and tells each user a sentence
 * (through the turn's observers, so it leaves through {@code direct:outbound}).
 */
final class GatewayDrain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayDrain.class);
    private static final long POLL_MS = 50;
    /** How long aborted turns get to report their end before the caller stops anyway. */
    static final long ABORT_GRACE_MS = 5_000;
    /** What a refused caller is told to wait: a restart takes seconds. */
    static final long RETRY_AFTER_SECONDS = 5;

    /** Why the gateway drains: what callers and users are told. */
    enum Reason {
        RESTART("The gateway is restarting; please send this again in a few seconds.",
                "The gateway restarted before this answer was finished; please send your message again."),
        STOP("The gateway is shutting down; please send this again once it is back.",
                "The gateway stopped before this answer was finished; please send your message again once it is back.");

        final String refused;
        final String aborted;

        Reason(String refused, String aborted) {
            this.refused = refused;
            this.aborted = aborted;
        }
    }

    /** Aborts every running turn, its users told {@code onError(code, sentence)}; returns how many. */
    @FunctionalInterface
    interface TurnAborter {
        int abortAll(String code, String sentence);
    }

    /** What happened: turns and queued messages that were cut at the deadline, and how long it took. */
    record Outcome(int abortedTurns, int droppedMessages, long tookMs) {
        boolean clean() {
            return abortedTurns == 0 && droppedMessages == 0;
        }
    }

    private final IntakeGate intake;
    private final LaneDispatcher lanes;
    private final TurnAborter aborter;
    private final List<Channel> channels;
    private final long timeoutMs;
    private volatile long started;
    private Runnable stopLanes = () -> { };

    GatewayDrain(IntakeGate intake, LaneDispatcher lanes, TurnAborter aborter, List<Channel> channels,
                 long timeoutMs) {
        this.intake = intake;
        this.lanes = lanes;
        this.aborter = aborter;
        this.channels = List.copyOf(channels);
        this.timeoutMs = timeoutMs;
    }

    /** The drain of the running gateway's parts. */
    static GatewayDrain of(GatewayRuntime runtime) {
        GatewayDrain drain = new GatewayDrain(runtime.bean(GatewayService.class).intake(),
                runtime.bean(LaneDispatcher.class), runtime.bean(AgentTurnRunner.class)::abortAll,
                runtime.registrations().channels.stream().map(Registrations.Registered::value).toList(),
                timeoutMs(runtime));
        LaneComponent lane = runtime.camel().getRegistry().lookupByNameAndType("lane", LaneComponent.class);
        if (lane != null && lane.getTransport() != null) {
            drain.stopLanes = lane.getTransport()::stopTaking; // shared lanes: their other owners take over
        }
        return drain;
    }

    /** {@code gateway.drainTimeoutMs} as last reloaded: a drain takes the value in force when it begins. */
    static long timeoutMs(GatewayRuntime runtime) {
        return runtime.bean(GatewayKernel.class).configState().current().config().gateway().drainTimeoutMs();
    }

    /** Drains: {@link #begin} then {@link #finish}. */
    Outcome drain(Reason reason) throws InterruptedException {
        begin(reason);
        return finish(reason);
    }

    /** Stops taking new work at once: the intake refuses callers, the channels pause. Never throws. */
    void begin(Reason reason) {
        started = System.currentTimeMillis();
        intake.close(reason.refused, RETRY_AFTER_SECONDS);
        for (Channel channel : channels) {
            try {
                channel.pause();
            } catch (RuntimeException e) {
                LOG.warn("channel {} could not pause: {}", channel.name(), e.toString());
            }
        }
        try {
            stopLanes.run();
        } catch (RuntimeException e) {
            LOG.warn("the shared lanes could not stop taking messages: {}", e.toString());
        }
        LaneStats now = lanes.stats();
        LOG.info("draining before the gateway {}: {} turns running, {} messages queued, up to {} ms",
                reason == Reason.RESTART ? "restarts" : "stops", now.runningTurns(), now.queuedMessages(), timeoutMs);
    }

    /**
     * Blocks until nothing runs or {@code gateway.drainTimeoutMs} after {@link #begin} passed; then
     * drops what is queued and aborts what runs, each user told {@code reason}'s sentence.
     */
    Outcome finish(Reason reason) throws InterruptedException {
        int dropped = 0;
        int aborted = 0;
        if (!awaitIdle(started + timeoutMs)) {
            dropped = lanes.dropQueued(GatewayDrainingException.CODE, reason.aborted);
            aborted = aborter.abortAll(GatewayDrainingException.CODE, reason.aborted);
            LOG.warn("drain deadline ({} ms) reached: {} turns aborted and {} queued messages dropped, their users told",
                    timeoutMs, aborted, dropped);
            awaitIdle(System.currentTimeMillis() + ABORT_GRACE_MS);
        }
        Outcome outcome = new Outcome(aborted, dropped, System.currentTimeMillis() - started);
        LOG.info("drained in {} ms", outcome.tookMs());
        return outcome;
    }

    private boolean awaitIdle(long deadline) throws InterruptedException {
        while (true) {
            LaneStats stats = lanes.stats();
            if (stats.runningTurns() == 0 && stats.queuedMessages() == 0) {
                return true;
            }
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(POLL_MS); // a plain stopping thread; the lanes have no idle signal to wait on
        }
    }
}
