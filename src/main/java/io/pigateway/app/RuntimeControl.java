package io.pigateway.app;

import io.pigateway.api.ControlPlane;
import io.pigateway.config.ConfigException;
import io.pigateway.tools.GatewayControl;
import io.pigateway.tools.ToolException;
import io.pigateway.core.ReplyTarget;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code gateway} tool's reload and restart. A restart drains the gateway (see
 * {@link GatewayDrain}: the asking session's own turn finishes first, so its answer is delivered),
 * then restarts the runtime in this JVM (same process, config file re-read, pi respawned) and tells
 * the asking chat that it is back.
 */
final class RuntimeControl implements GatewayControl {
    private final ControlPlane control;
    private final Function<String, Optional<ReplyTarget>> chatOf;
    private final GatewayRestart restarts;

    RuntimeControl(ControlPlane control, Function<String, Optional<ReplyTarget>> chatOf, GatewayRestart restarts) {
        this.control = control;
        this.chatOf = chatOf;
        this.restarts = restarts;
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
        try {
            restarts.schedule("the agent in session " + sessionKey, chatOf.apply(sessionKey).orElse(null));
        } catch (GatewayRestart.AlreadyUnderWay e) {
            return "a restart is already under way";
        } catch (ConfigException e) {
            throw new ToolException("the config file is invalid, so the gateway does not restart: " + e.getMessage());
        }
        return "the gateway restarts as soon as this answer and the other turns in flight are finished; "
                + "this chat hears when it is back";
    }
}
