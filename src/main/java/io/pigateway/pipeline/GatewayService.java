package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.store.SessionRecord;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * What the edges (HTTP API, WebSocket, channels) call: hand a message to the pipeline
 * ({@code direct:inbound}) and look at sessions. Channel-agnostic.
 */
public final class GatewayService {
    private final LaneDispatcher lanes;
    private final SessionCatalog sessions;
    private final AgentTurnRunner runner;
    private final HookRegistry hooks;
    private final IntakeGate intake = new IntakeGate();
    private volatile boolean lanesBlock;
    private volatile CamelContext camel;
    private volatile ProducerTemplate template;

    public GatewayService(LaneDispatcher lanes, SessionCatalog sessions, AgentTurnRunner runner, HookRegistry hooks) {
        this.lanes = lanes;
        this.sessions = sessions;
        this.runner = runner;
        this.hooks = hooks;
    }

    /** Binds to the gateway's CamelContext once it exists (before any route starts). */
    public void attach(CamelContext context) {
        this.camel = context;
        this.template = context.createProducerTemplate();
    }

    /**
     * Submits a message; returns once it is queued in its session's lane (or rejected by a hook
     * or policy). {@code sessionKey} overrides routing for trusted callers (the authenticated API).
     * Throws {@link io.pigateway.core.lane.LaneFullException} when the session is busy, and
     * {@link io.pigateway.core.GatewayDrainingException} to a caller with an observer while the gateway drains.
     *
     * @return the session key the message was routed to, or null when it was filtered out
     */
    public String submit(InboundMessage message, String sessionKey, TurnObserver observer) {
        return submit(message, sessionKey, observer, null);
    }

    /** As {@link #submit(InboundMessage, String, TurnObserver)}, served by {@code role}'s capabilities. */
    public String submit(InboundMessage message, String sessionKey, TurnObserver observer, String role) {
        intake.admit(observer != null); // draining: refused before the pipeline (whose routes may be stopping)
        Exchange exchange = new DefaultExchange(camel);
        if (role != null) {
            exchange.getMessage().setHeader(GatewayHeaders.ROLE, role);
        }
        exchange.getMessage().setBody(message);
        if (sessionKey != null) {
            exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, sessionKey);
        }
        exchange.setProperty(GatewayHeaders.OBSERVER, observer == null || observer == TurnObserver.NONE ? observer
                : new OutboundFinal(observer, message.replyTarget(), template));
        Exchange done = template.send(PipelineRoutes.INBOUND, exchange);
        if (done.getException() != null) {
            throw done.getException() instanceof RuntimeException re ? re
                    : new IllegalStateException(done.getException());
        }
        return done.getProperty(GatewayHeaders.ROUTED_KEY, String.class);
    }

    /**
     * Whether {@link #submit} may block: hooks or hook routes at the points a submission passes
     * through ({@code message_received}, {@code session_start} for a new session,
     * {@code before_agent_start} when the turn starts at once), or lanes behind a broker. Without
     * them a submission only routes and queues the message, and is safe on an event loop.
     */
    public boolean submitMayBlock() {
        return lanesBlock || hooks.hasAny(HookPoint.MESSAGE_RECEIVED) || hooks.hasAny(HookPoint.SESSION_START)
                || hooks.hasAny(HookPoint.BEFORE_AGENT_START);
    }

    /** The lanes are a broker away ({@code cluster.mode: kafka}): a submission waits for its ack, off the event loop. */
    public GatewayService withBlockingLanes() {
        this.lanesBlock = true;
        return this;
    }

    /**
     * The lanes are a broker's topic: a message they took is delivered again after a crash (to the
     * session's next owner), so a channel's journal must not re-run it as well.
     */
    public boolean lanesInBroker() {
        return lanesBlock;
    }

    /** Closed while the gateway drains before a restart or a stop. */
    public IntakeGate intake() {
        return intake;
    }

    public List<SessionRecord> sessions() {
        return sessions.list();
    }

    public Optional<SessionRecord> session(String key) {
        return sessions.find(key);
    }

    /** The session's title (first message or a rename), if any. */
    public Optional<String> titleOf(String key) {
        return sessions.titleOf(key);
    }

    /** @see SessionCatalog#rename */
    public boolean renameSession(String key, String title) {
        return sessions.rename(key, title);
    }

    /** Kills the session's turn and queue, then forgets the session (pi's transcript stays on disk). */
    public boolean deleteSession(String key) {
        kill(key);
        return sessions.delete(key);
    }

    /** {@code /new}: the session's next turn starts with a fresh pi session file. */
    public boolean resetSession(String key) {
        return sessions.reset(key);
    }

    /** Watch every turn of a session (see {@link AgentTurnRunner#watch}); returns the stop action. */
    public Runnable watch(String key, TurnObserver observer) {
        return runner.watch(key, observer);
    }

    /** Aborts the session's turn and drops its queue; the session (and its history) goes on. */
    public boolean kill(String key) {
        return lanes.kill(key);
    }

    public boolean isBusy(String key) {
        return lanes.isBusy(key);
    }

    public LaneDispatcher lanes() {
        return lanes;
    }
}
