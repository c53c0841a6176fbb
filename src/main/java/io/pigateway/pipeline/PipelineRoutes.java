package io.pigateway.pipeline;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.TurnRunner;
import io.pigateway.pipeline.lane.LaneConstants;
import java.util.List;
import io.pigateway.core.session.SessionRouter;
import io.pigateway.security.InboundPolicy;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * The core pipeline as Camel routes:
 * {@code direct:inbound} (YAML channel headers, dedupe, session router, hooks, policy gate, commands,
 * {@code lane:sessions}), {@code lane:sessions} → the turn runner, and {@code direct:agent-turn}
 * (hooks around the {@code pi-rpc} component).
 */
public final class PipelineRoutes extends RouteBuilder {
    public static final String INBOUND = "direct:inbound";
    public static final String AGENT_TURN = "direct:agent-turn";
    /** One lane per session: the inbound route submits here, the agent-turns route consumes. */
    public static final String LANE = "lane:sessions";

    private final HookRegistry hooks;
    private final InboundPolicy policy;
    private final SessionRouter router;
    private final TurnRunner turns;
    private final Function<InboundMessage, TurnObserver> defaultObserver;
    private ChatCommands commands;
    private Processor dedupe = exchange -> { };
    private Processor channelRules = exchange -> { };

    /**
     * @param defaultObserver the observer for messages nobody waits on (channel messages):
     *                        it renders the answer back to the message's channel
     */
    public PipelineRoutes(HookRegistry hooks, InboundPolicy policy, SessionRouter router, TurnRunner turns,
                          Function<InboundMessage, TurnObserver> defaultObserver) {
        this.hooks = hooks;
        this.policy = policy;
        this.router = router;
        this.turns = turns;
        this.defaultObserver = defaultObserver;
    }

    /** Drops messages already taken in (by platform message id). */
    public PipelineRoutes withDedupe(Processor dedupe) {
        this.dedupe = dedupe;
        return this;
    }

    /** The channel's mention gate and role binding (see {@link ChannelRegistry#applyChannelRules}). */
    public PipelineRoutes withChannelRules(Processor channelRules) {
        this.channelRules = channelRules;
        return this;
    }

    /** Slash commands answered in the route, after the policy gate and the session router. */
    public PipelineRoutes withCommands(ChatCommands commands) {
        this.commands = commands;
        return this;
    }

    @Override
    public void configure() {
        // Failures go back to the caller (busy → 429, pi errors → the turn's observers), so
        // Camel's default error handler would only log them a second time.
        errorHandler(noErrorHandler());

        from(INBOUND).routeId("inbound")
                .process(new RouteChannelMessages())
                .process(ex -> dedupe.process(ex))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(router) // before the hooks: message_received sees the session key (the seed's context)
                .process(new HookStep(hooks, HookPoint.MESSAGE_RECEIVED))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(this::applyPolicy)
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(ex -> {
                    if (commands != null) {
                        commands.process(ex, this::observerFor);
                    }
                })
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(ex -> channelRules.process(ex))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .process(this::resolveObserver)
                .to(LANE)
                .setProperty(GatewayHeaders.ROUTED_KEY, header(GatewayHeaders.SESSION_KEY))
                .end();

        // each turn a lane starts: the runner sends it through direct:agent-turn and frees the lane when done
        from(LANE).routeId("agent-turns")
                .process(this::runTurn);

        // a before_agent_start hook that cancels ends the turn here: the runner tells the sender
        from(AGENT_TURN).routeId("agent-turn")
                .process(new HookStep(hooks, HookPoint.BEFORE_AGENT_START))
                .filter(exchangeProperty(GatewayHeaders.REJECTED).isNull())
                .to("pi-rpc:" + AgentPools.MAIN) // the turn's pool (a role's) comes in header PiRpcPool
                .process(new HookStep(hooks, HookPoint.AGENT_END))
                .end();
    }

    private void applyPolicy(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(GatewayHeaders.FROM_OPERATOR, Boolean.class))) {
            return; // scheduled by the operator: who may write to the bot is not the question
        }
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        InboundPolicy.Verdict verdict = policy.decide(message);
        if (!verdict.allowed()) {
            exchange.setProperty(GatewayHeaders.REJECTED, "policy");
            if (verdict.reply() != null) {
                observerFor(exchange, message).onError("denied", verdict.reply());
            }
        }
    }

    private void resolveObserver(Exchange exchange) {
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        if (exchange.getProperty(GatewayHeaders.OBSERVER) == null) {
            exchange.setProperty(LaneConstants.CHANNEL_ANSWER, true); // a cluster lane rebuilds it where the turn runs
        }
        exchange.setProperty(GatewayHeaders.OBSERVER, observerFor(exchange, message));
    }

    @SuppressWarnings("unchecked")
    private void runTurn(Exchange exchange) {
        turns.runTurn(exchange.getMessage().getHeader(LaneConstants.SESSION_KEY, String.class),
                exchange.getMessage().getBody(List.class), exchange.getProperty(LaneConstants.ON_FINISHED, Runnable.class));
    }

    private TurnObserver observerFor(Exchange exchange, InboundMessage message) {
        TurnObserver observer = exchange.getProperty(GatewayHeaders.OBSERVER, TurnObserver.class);
        return observer != null ? observer : defaultObserver.apply(message);
    }
}
