package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.session.SessionRouter;
import io.pigateway.security.InboundPolicy;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The core pipeline as Camel routes:
 * {@code direct:inbound} (hooks, policy gate, session router, lane) and
 * {@code direct:agent-turn} (hooks around the {@code pi-rpc} component).
 */
public final class PipelineRoutes extends RouteBuilder {
    public static final String INBOUND = "direct:inbound";
    public static final String AGENT_TURN = "direct:agent-turn";

    private final HookRegistry hooks;
    private final InboundPolicy policy;
    private final SessionRouter router;
    private final LaneDispatcher lanes;
    private final Function<InboundMessage, TurnObserver> defaultObserver;

    /**
     * @param defaultObserver the observer for messages nobody waits on (channel messages):
     *                        it renders the answer back to the message's channel
     */
    public PipelineRoutes(HookRegistry hooks, InboundPolicy policy, SessionRouter router, LaneDispatcher lanes,
                          Function<InboundMessage, TurnObserver> defaultObserver) {
        this.hooks = hooks;
        this.policy = policy;
        this.router = router;
        this.lanes = lanes;
        this.defaultObserver = defaultObserver;
    }

    @Override
    public void configure() {
        // Failures go back to the caller (busy → 429, pi errors → the turn's observers), so
        // Camel's default error handler would only log them a second time.
        errorHandler(noErrorHandler());

        from(INBOUND).routeId("inbound")
                .process(new HookStep(hooks, HookPoint.MESSAGE_RECEIVED))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(this::applyPolicy)
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(router)
                .process(this::submitToLane)
                .end();

        from(AGENT_TURN).routeId("agent-turn")
                .process(new HookStep(hooks, HookPoint.BEFORE_AGENT_START))
                .toD("pi-rpc:${header." + GatewayHeaders.POOL + "}")
                .process(new HookStep(hooks, HookPoint.AGENT_END));
    }

    private void applyPolicy(Exchange exchange) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        InboundPolicy.Verdict verdict = policy.decide(message);
        if (!verdict.allowed()) {
            exchange.setProperty(GatewayHeaders.REJECTED, "policy");
            if (verdict.reply() != null) {
                observerFor(exchange, message).onError("denied", verdict.reply());
            }
        }
    }

    private void submitToLane(Exchange exchange) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        String key = exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY, String.class);
        String role = exchange.getMessage().getHeader(GatewayHeaders.ROLE, String.class);
        lanes.submit(new PendingMessage(message, key, observerFor(exchange, message), role));
        exchange.setProperty(GatewayHeaders.ROUTED_KEY, key);
    }

    private TurnObserver observerFor(Exchange exchange, InboundMessage message) {
        TurnObserver observer = exchange.getProperty(GatewayHeaders.OBSERVER, TurnObserver.class);
        return observer != null ? observer : defaultObserver.apply(message);
    }
}
