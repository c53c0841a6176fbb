package io.pigateway.app;

import io.pigateway.api.ControlPlane;
import io.pigateway.config.ConfigException;
import io.pigateway.tools.GatewayControl;
import io.pigateway.tools.ToolException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gateway} tool's reload and restart. A restart waits until the asking session's turn
 * is over (so its answer is delivered), then stops and starts the runtime in this JVM: same
 * process, config file re-read, pi processes respawned. It never runs twice at once.
 */
final class RuntimeControl implements GatewayControl {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeControl.class);
    private static final long POLL_MS = 200;

    private final ControlPlane control;
    private final Predicate<String> busy;
    private final GatewayRuntime runtime;
    private final long maxWaitMs;
    private final AtomicBoolean restarting = new AtomicBoolean();

    RuntimeControl(ControlPlane control, Predicate<String> busy, GatewayRuntime runtime, long maxWaitMs) {
        this.control = control;
        this.busy = busy;
        this.runtime = runtime;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public String reload() {
        try {
            Map<String, Object> answer = control.reloadConfig();
            Object warnings = answer.get("warnings");
            return "configuration reloaded from " + answer.get("source") + "; applied: " + answer.get("applied")
                    + "; restart needed for: " + answer.get("restartNeeded")
                    + (warnings instanceof java.util.List<?> l && !l.isEmpty() ? " (warnings: " + l + ")" : "");
        } catch (ConfigException e) {
            throw new ToolException("the config file is invalid; the running config is kept: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new ToolException(e.getMessage());
        }
    }

    @Override
    public String restartAfterTurn(String sessionKey) {
        if (!restarting.compareAndSet(false, true)) {
            return "a restart is already scheduled";
        }
        Thread t = new Thread(() -> {
            try {
                long deadline = System.currentTimeMillis() + maxWaitMs;
                while (busy.test(sessionKey) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(POLL_MS); // a plain background thread; nothing else to wait on
                }
                LOG.info("restarting the gateway (asked by the agent in session {})", sessionKey);
                runtime.restart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.error("the gateway restart failed", e);
            } finally {
                restarting.set(false);
            }
        }, "gateway-restart");
        t.setDaemon(false); // the JVM must not exit between stop and start
        t.start();
        return "the gateway restarts as soon as this answer is finished";
    }
}
