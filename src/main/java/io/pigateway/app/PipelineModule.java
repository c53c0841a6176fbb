package io.pigateway.app;

import io.pigateway.core.CamelAwareService;
import io.pigateway.config.ChannelsConfig.RouteChannelConfig;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionRouter;
import io.pigateway.pipeline.AgentTurnRunner;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.ChatCommands;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.pipeline.PipelineRoutes;
import io.pigateway.pipeline.RouteChannelMessages;
import io.pigateway.pipeline.SessionCatalog;
import io.pigateway.pipeline.SessionNotices;
import io.pigateway.pipeline.TurnHooks;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.tools.ToolCallHooks;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * The pipeline every channel feeds: hooks, the policy gate, the session router, one lane per
 * session, the turn runner and the inbound / agent-turn / outbound routes; the channel registry
 * that the later modules register their channels in.
 */
public final class PipelineModule implements GatewayPlugin {

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        GatewayConfig config = kernel.config();
        HookRegistry hooks = new HookRegistry();
        SessionCatalog sessions = new SessionCatalog(kernel.store(), kernel.dataDir(), hooks, config.agent().model())
                .withSessionsDir(config.cluster().sessionsDirOr(kernel.dataDir()));
        Supplier<GatewayConfig> current = () -> kernel.configState().current().config();
        AgentTurnRunner runner = new AgentTurnRunner(PipelineRoutes.AGENT_TURN,
                () -> current.get().roles().capabilities().keySet(), sessions) // roles as last reloaded
                .withHooks(new TurnHooks(hooks, ToolCallHooks.POINTS)); // the extension asks those two
        LaneComponent laneComponent = new LaneComponent();
        laneComponent.setTurnRunner(runner);
        laneComponent.setQueueMode(config.agent().queue().mode());
        laneComponent.setMaxPerSession(config.agent().queue().maxPerSession());
        LaneDispatcher lanes = laneComponent.dispatcher("sessions");
        runner.onUndelivered(lanes::submit);
        SessionRouter router = new SessionRouter(config.agent().id(), DmScope.fromConfig(config.agent().dmScope()));
        ChannelRegistry channels = new ChannelRegistry().withBlockStreaming(name -> {
            RouteChannelConfig c = current.get().channels().routeChannels().get(name);
            return c != null && "block".equalsIgnoreCase(c.streamingMode());
        });
        DmPolicyGate policy = new DmPolicyGate(new PairingStore(kernel.store()),
                (channel, account) -> admission(channels, current.get(), channel, account));
        GatewayService service = new GatewayService(lanes, sessions, runner, hooks);
        if (config.cluster().isKafka()) { // several instances share the lanes; standalone loads nothing of Kafka
            api.registerService(ClusterLanes.attach(config.cluster(), laneComponent, lanes, channels::observerFor,
                    config.store().usesPostgres() ? kernel.store() : null));
            service.withBlockingLanes();
        }
        ChatCommands commands = new ChatCommands(service, policy);
        InboundDedupe dedupe = new InboundDedupe(kernel.store());
        api.addRoutes(new io.pigateway.pipeline.DedupePruneRoute(dedupe)); // at start, then every 6 h
        // a reload: new queue settings for the next messages, channel accounts started/stopped alone
        kernel.configState().onReload(new PipelineReload(lanes, channels));
        api.bind("hooks", hooks);
        api.bind("sessions", sessions);
        api.bind("turnRunner", runner);
        api.bind("lane", laneComponent);
        api.bind("lanes", lanes);
        api.bind("channels", channels);
        api.bind("policy", policy);
        api.bind("gatewayService", service);
        api.bind("sessionNotices", new SessionNotices(kernel.store(), sessions, runner));
        api.bind("commands", commands);
        api.addRoutes(new PipelineRoutes(hooks, policy, router, runner, channels::observerFor).withCommands(commands)
                .withDedupe(dedupe).withChannelRules(channels::applyChannelRules));
        api.addRoutes(new OutboundRoutes(hooks, channels::isJavaChannel));
        api.registerService(new Attach(camel -> {
            camel.getTypeConverterRegistry().addTypeConverters(new RouteChannelMessages()); // Map → message
            hooks.attach(camel);
            runner.attach(camel);
            service.attach(camel);
            channels.attach(camel);
        }));
    }

    /**
     * A Java channel's own rule. A YAML channel without {@code channels.<name>.dmPolicy} is open
     * (its route's author decides who may write, groups included), yet never an operator chat;
     * with one, its allowlist and listed groups apply as for any channel.
     */
    private static final AdmissionRule.Rule OPEN_ROUTE_CHANNEL = AdmissionRule.Rule.of(AdmissionRule.Mode.OPEN,
            Set.of(), Set.of("*"));

    private static AdmissionRule.Rule admission(ChannelRegistry channels, GatewayConfig config, String channel,
                                                String account) {
        Channel javaChannel = channels.get(channel);
        if (javaChannel != null) {
            return javaChannel.admission(account);
        }
        RouteChannelConfig route = config.channels().routeChannels().get(channel);
        if (route == null || route.dmPolicy() == null) {
            return OPEN_ROUTE_CHANNEL; // every API and WebChat message asks: one rule, not one per message
        }
        return AdmissionRule.Rule.of(AdmissionRule.Mode.fromConfig(route.dmPolicy()), Set.copyOf(route.allowlist()),
                Set.copyOf(route.groups()));
    }

    /** Binds pipeline parts to the CamelContext as it starts (before any route consumes). */
    static final class Attach extends CamelAwareService {
        interface Step {
            void attach(CamelContext camel) throws Exception;
        }

        private final Step step;

        Attach(Step step) {
            this.step = step;
        }

        @Override
        protected void doStart() throws Exception {
            step.attach(getCamelContext());
        }
    }
}
