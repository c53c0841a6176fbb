package io.pigateway.app;

import io.pigateway.config.LoadedConfig;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.LaneStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts and stops that drain first ({@link GatewayDrain}): a restart (agent tool, HTTP API,
 * CLI) drains on its own thread and then restarts the runtime in this JVM (same PID, config file
 * re-read, pi respawned); a stop (SIGTERM) drains, then stops everything. One at a time.
 */
public final class GatewayRestart {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRestart.class);

    private final GatewayRuntime runtime;
    private final AtomicBoolean underWay = new AtomicBoolean();

    GatewayRestart(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    /** A restart is refused while another one (or a stop) is under way. */
    public static final class AlreadyUnderWay extends IllegalStateException {
        AlreadyUnderWay() {
            super("a restart is already under way");
        }
    }

    /**
     * Checks the config file, then drains and restarts in the background. {@code tellWhenDone}
     * (the asking chat, or null) hears when the gateway is back. Returns what will happen.
     *
     * @throws io.pigateway.config.ConfigException when the config file is invalid (nothing changes)
     * @throws AlreadyUnderWay                     when a restart is already running
     */
    public Map<String, Object> schedule(String askedBy, ReplyTarget tellWhenDone) {
        LoadedConfig config = runtime.readConfigForRestart(); // an invalid file refuses before anything stops
        if (!underWay.compareAndSet(false, true)) {
            throw new AlreadyUnderWay();
        }
        GatewayDrain drain = GatewayDrain.of(runtime);
        LaneStats stats = runtime.bean(LaneDispatcher.class).stats(); // before the drain's first refusal
        long timeoutMs = GatewayDrain.timeoutMs(runtime);
        drain.begin(GatewayDrain.Reason.RESTART); // before answering: whoever hears "restarting" is refused from now
        Thread t = new Thread(() -> restart(drain, config, askedBy, tellWhenDone), "gateway-restart");
        t.setDaemon(false); // the JVM must not exit between stop and start
        t.start();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("restarting", true);
        answer.put("turnsRunning", stats.runningTurns());
        answer.put("messagesQueued", stats.queuedMessages());
        answer.put("drainTimeoutMs", timeoutMs);
        answer.put("message", "New messages are refused (503, Retry-After) while " + stats.runningTurns()
                + " running turns finish (at most " + timeoutMs / 1000 + " s; then they are aborted and their users "
                + "told); then the gateway restarts in this process and answers again.");
        return answer;
    }

    private void restart(GatewayDrain drain, LoadedConfig checked, String askedBy, ReplyTarget tellWhenDone) {
        try {
            LOG.info("restarting the gateway (asked by {})", askedBy);
            GatewayDrain.Outcome outcome = drain.finish(GatewayDrain.Reason.RESTART);
            LoadedConfig config = checked;
            try {
                config = runtime.readConfigForRestart(); // the file may have changed while draining
            } catch (RuntimeException e) {
                LOG.warn("the config file became invalid while draining; restarting with the one checked before: {}",
                        e.getMessage());
            }
            runtime.restart(config);
            LOG.info("the gateway restarted ({} ms of drain, {} turns aborted)", outcome.tookMs(), outcome.abortedTurns());
            if (tellWhenDone != null) {
                tell(tellWhenDone, outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("the gateway restart failed", e);
        } finally {
            underWay.set(false);
        }
    }

    /** The asking chat hears that the gateway is back, through the new run's {@code direct:outbound}. */
    private void tell(ReplyTarget chat, GatewayDrain.Outcome outcome) {
        String text = "The gateway has restarted" + (outcome.clean() ? "." : "; " + outcome.abortedTurns()
                + " unfinished answers were stopped and their users asked to send again.");
        try {
            runtime.channels().send(chat, text);
        } catch (RuntimeException e) {
            LOG.debug("could not tell {} that the gateway restarted: {}", chat.channel(), e.toString());
        }
    }

    /** SIGTERM: drains (new work refused, turns in flight finish until the deadline), then stops pi and all. */
    public void drainAndStop() {
        if (underWay.compareAndSet(false, true) && runtime.isRunning()) {
            try {
                GatewayDrain.of(runtime).drain(GatewayDrain.Reason.STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("the drain before stopping failed; stopping anyway", e);
            }
        }
        runtime.close();
    }
}
