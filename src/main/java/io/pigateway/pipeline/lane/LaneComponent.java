package io.pigateway.pipeline.lane;

import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.QueueMode;
import io.pigateway.core.lane.TurnRunner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code lane:} component: one FIFO lane per session, seda-style. {@code to("lane:sessions")}
 * submits a message to the named {@link LaneDispatcher}; {@code from("lane:sessions")} receives
 * each turn the dispatcher starts (body: the batch of {@link io.pigateway.core.lane.PendingMessage}s)
 * and must call the turn's finish callback ({@link LaneConstants#ON_FINISHED}). No thread per
 * session: the dispatcher only reacts to submissions and finished turns.
 */
@Component("lane")
public final class LaneComponent extends DefaultComponent {

    @Metadata(description = "How messages that arrive during a turn are handled: steer, followup, collect or interrupt",
            defaultValue = "steer", enums = "steer,followup,collect,interrupt")
    private String queueMode = "steer";
    @Metadata(description = "How many messages may wait per session before the lane answers busy", defaultValue = "20")
    private int maxPerSession = 20;
    @Metadata(description = "Steers messages into and aborts running turns (the agent turn runner)", autowired = true)
    private TurnRunner turnRunner;
    @Metadata(description = "Carries messages to the instance that owns their session (cluster mode); none = this instance's lanes")
    private LaneTransport transport;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LaneEndpoint endpoint = new LaneEndpoint(uri, this, remaining);
        endpoint.setQueueMode(queueMode);
        endpoint.setMaxPerSession(maxPerSession);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The named lane set, created on first use with the endpoint's options (later options do not change it). */
    public LaneDispatcher dispatcher(String name) {
        return lane(name, queueMode, maxPerSession).dispatcher();
    }

    Lane lane(String name, String mode, int max) {
        return lanes.computeIfAbsent(name, n -> {
            if (turnRunner == null) {
                throw new IllegalStateException("the lane component needs a turnRunner");
            }
            ConsumerTurnRunner runner = new ConsumerTurnRunner(n, turnRunner);
            return new Lane(new LaneDispatcher(QueueMode.fromConfig(mode), max, runner), runner);
        });
    }

    record Lane(LaneDispatcher dispatcher, ConsumerTurnRunner runner) {
    }

    public String getQueueMode() {
        return queueMode;
    }

    public void setQueueMode(String queueMode) {
        this.queueMode = queueMode;
    }

    public int getMaxPerSession() {
        return maxPerSession;
    }

    public void setMaxPerSession(int maxPerSession) {
        this.maxPerSession = maxPerSession;
    }

    public LaneTransport getTransport() {
        return transport;
    }

    public void setTransport(LaneTransport transport) {
        this.transport = transport;
    }

    public TurnRunner getTurnRunner() {
        return turnRunner;
    }

    public void setTurnRunner(TurnRunner turnRunner) {
        this.turnRunner = turnRunner;
    }
}
