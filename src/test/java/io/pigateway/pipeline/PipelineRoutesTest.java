package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionRouter;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.rpc.PiTurnResult;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's routes with Camel's test kit and no pi: {@code pi-rpc:*} is advised into
 * {@code mock:pi}, which answers {@code echo: <prompt>}. Covers the YAML channel entrance and exit,
 * {@code direct:send}, hook cancel, policy deny, commands, a full lane, and the outbound rewrite
 * that applies to the API, WebChat, a Java channel and a YAML channel alike.
 */
class PipelineRoutesTest extends CamelTestSupport {
    private Path dir;
    private SqliteStateStore store;
    private HookRegistry hooks;
    private GatewayService service;
    private ChannelRegistry channels;
    private volatile CountDownLatch holdPi = new CountDownLatch(0);

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        dir = Files.createTempDirectory("pipeline-routes");
        store = SqliteStateStore.open(dir);
        hooks = new HookRegistry();
        SessionCatalog sessions = new SessionCatalog(store, dir, hooks, null);
        AgentTurnRunner runner = new AgentTurnRunner(PipelineRoutes.AGENT_TURN, Set.of(), sessions);
        LaneComponent lane = new LaneComponent();
        lane.setTurnRunner(runner);
        lane.setQueueMode("followup");
        lane.setMaxPerSession(1);
        camel.addComponent("lane", lane);
        var lanes = lane.dispatcher("sessions");
        channels = new ChannelRegistry();
        channels.register(new EdgeChannel("api"));
        channels.register(new EdgeChannel("webchat"));
        DmPolicyGate policy = new DmPolicyGate(new PairingStore(store), (channel, account) ->
                "lockedchan".equals(channel) ? AdmissionRule.Rule.of(AdmissionRule.Mode.ALLOWLIST, Set.of("ok"), Set.of())
                        : null);
        service = new GatewayService(lanes, sessions, runner, hooks);
        ChatCommands commands = new ChatCommands(service, policy);
        camel.addRoutes(new PipelineRoutes(hooks, policy, new SessionRouter("main", DmScope.fromConfig(null)), runner,
                channels::observerFor).withCommands(commands).withDedupe(new InboundDedupe(store))
                .withChannelRules(channels::applyChannelRules));
        camel.addRoutes(new OutboundRoutes(hooks, channels::isJavaChannel));
        for (var c : channels.all()) {
            camel.addRoutes(c.routes());
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:outbound-filechan").routeId("test-filechan-out").to("mock:filechan");
                from("direct:outbound-lockedchan").routeId("test-lockedchan-out").to("mock:lockedchan");
            }
        });
        return camel;
    }

    @Override
    protected void doPostSetup() throws Exception {
        AdviceWith.adviceWith(context, "agent-turn", a -> a.weaveByToUri("pi-rpc:*").replace().threads(2).to("mock:pi"));
        getMockEndpoint("mock:pi").whenAnyExchangeReceived(ex -> {
            holdPi.await(10, TimeUnit.SECONDS);
            ex.getMessage().setBody(new PiTurnResult("echo: " + ex.getMessage().getBody(String.class), "stop",
                    null, null));
        });
        hooks.attach(context);
        AgentTurnRunner runner = (AgentTurnRunner) ((LaneComponent) context.getComponent("lane")).getTurnRunner();
        runner.attach(context);
        service.attach(context);
        channels.attach(context);
        context.start();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void fromYaml(String channel, String chatId, String text) {
        template.sendBodyAndHeaders(PipelineRoutes.INBOUND, text,
                Map.of(GatewayHeaders.CHANNEL, channel, GatewayHeaders.CHAT_ID, chatId));
    }

    @Test
    void aYamlChannelMessageIsAnsweredAsTextOnItsOutboundRoute() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedBodiesReceived("echo: hello");
        out.expectedHeaderReceived(GatewayHeaders.CHAT_ID, "chat42");
        out.expectedHeaderReceived(GatewayHeaders.SESSION_KEY, "agent:main:filechan:dm:chat42");
        fromYaml("filechan", "chat42", "hello");
        out.assertIsSatisfied();
    }

    @Test
    void aRedeliveredMessageIsTakenInOnce() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedBodiesReceived("echo: once");
        NotifyBuilder both = new NotifyBuilder(context).fromRoute("inbound").whenDone(2).create();
        for (int i = 0; i < 2; i++) {
            template.sendBodyAndHeaders(PipelineRoutes.INBOUND, "once", Map.of(GatewayHeaders.CHANNEL, "filechan",
                    GatewayHeaders.CHAT_ID, "c9", GatewayHeaders.MESSAGE_ID, "<m1@example.org>"));
        }
        assertThat(both.matches(10, TimeUnit.SECONDS)).isTrue();
        out.assertIsSatisfied();
        getMockEndpoint("mock:pi").expectedMessageCount(1);
        getMockEndpoint("mock:pi").assertIsSatisfied();
    }

    @Test
    void aMapBodyIsAMessageToo() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedBodiesReceived("echo: from a map");
        template.sendBody(PipelineRoutes.INBOUND, Map.of("channel", "filechan", "chatId", "c1", "text", "from a map"));
        out.assertIsSatisfied();
    }

    @Test
    void aMessageWithoutChatIdFailsWithASentenceNamingTheHeader() {
        assertThatThrownBy(() -> template.sendBodyAndHeader(PipelineRoutes.INBOUND, "hi", GatewayHeaders.CHANNEL,
                "filechan")).rootCause().hasMessageContaining(GatewayHeaders.CHAT_ID);
    }

    @Test
    void directSendDeliversToTheAddressedChat() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedBodiesReceived("an alert");
        out.expectedHeaderReceived(GatewayHeaders.CHAT_ID, "ops");
        template.sendBodyAndHeader(OutboundRoutes.SEND, "an alert", GatewayHeaders.TO, "filechan:ops");
        out.assertIsSatisfied();
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied();
    }

    @Test
    void aCancellingHookStopsTheMessageBeforeTheAgent() throws Exception {
        hooks.register(HookPoint.MESSAGE_RECEIVED, ctx -> {
            if (ctx.text().contains("secret")) {
                ctx.cancel();
            }
        });
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("inbound").whenDone(1).create();
        fromYaml("filechan", "c2", "my secret");
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied(200);
    }

    @Test
    void aBeforeAgentStartHookThatCancelsEndsTheTurnWithASentence() throws Exception {
        hooks.register(HookPoint.BEFORE_AGENT_START, ctx -> ctx.cancel());
        CompletableFuture<TurnResult> answer = submit("api", "anything");
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasMessageContaining("not passed to the agent");
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied(200);
    }

    @Test
    void thePolicyGateDeniesAStrangerAndTheAgentNeverSeesItUnlessTheOperatorScheduledIt() throws Exception {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("inbound").whenDone(1).create();
        template.sendBodyAndHeaders(PipelineRoutes.INBOUND, "run id", Map.of(GatewayHeaders.CHANNEL, "lockedchan",
                GatewayHeaders.CHAT_ID, "stranger"));
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied(200);
        MockEndpoint admitted = getMockEndpoint("mock:lockedchan");
        admitted.expectedBodiesReceived("echo: hi");
        template.sendBodyAndHeaders(PipelineRoutes.INBOUND, "hi", Map.of(GatewayHeaders.CHANNEL, "lockedchan",
                GatewayHeaders.CHAT_ID, "ok"));
        admitted.assertIsSatisfied();

        // the operator's own task posted into that chat (a cron job, delivery direct) is not the gate's question
        admitted.reset();
        admitted.expectedBodiesReceived("echo: scheduled");
        template.send(PipelineRoutes.INBOUND, ex -> {
            ex.getMessage().setBody("scheduled");
            ex.getMessage().setHeader(GatewayHeaders.CHANNEL, "lockedchan");
            ex.getMessage().setHeader(GatewayHeaders.CHAT_ID, "stranger");
            ex.setProperty(GatewayHeaders.FROM_OPERATOR, true);
        });
        admitted.assertIsSatisfied();
    }

    @Test
    void aCommandIsAnsweredByTheRouteNotTheAgent() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedMessageCount(1);
        fromYaml("filechan", "c3", "/help");
        out.assertIsSatisfied();
        assertThat(out.getExchanges().get(0).getMessage().getBody(String.class)).contains("/new", "/status");
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied(200);
    }

    @Test
    void aFullLaneRefusesInsteadOfDropping() throws Exception {
        holdPi = new CountDownLatch(1); // the first turn waits in "pi"
        CompletableFuture<TurnResult> first = submit("api", "one");
        submit("api", "two"); // queued (maxPerSession 1)
        assertThatThrownBy(() -> submit("api", "three")).isInstanceOf(LaneFullException.class);
        holdPi.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("echo: one");
    }

    @Test
    void messageSendingRewritesTheAnswerInEveryKindOfChannel() throws Exception {
        hooks.register(HookPoint.MESSAGE_SENDING, ctx -> ctx.setText(ctx.text().toUpperCase()));
        assertThat(submit("api", "via api").get(10, TimeUnit.SECONDS).text()).isEqualTo("ECHO: VIA API");
        assertThat(submit("webchat", "via webchat").get(10, TimeUnit.SECONDS).text()).isEqualTo("ECHO: VIA WEBCHAT");
        MockEndpoint out = getMockEndpoint("mock:filechan");
        out.expectedBodiesReceived("ECHO: VIA YAML");
        fromYaml("filechan", "c4", "via yaml");
        out.assertIsSatisfied();
        // a Java channel's outbound route gets the rewritten update
        MockEndpoint java = getMockEndpoint("mock:javachan");
        context.addRoutes(javaChannelRoute());
        channels.register(new TestJavaChannel());
        java.expectedMessageCount(1);
        template.sendBodyAndHeader(OutboundRoutes.SEND, "plain", GatewayHeaders.TO, "javachan:7");
        java.assertIsSatisfied();
        assertThat(((OutboundUpdate.SendText) java.getExchanges().get(0).getMessage().getBody()).text())
                .isEqualTo("PLAIN");
    }

    @Test
    void aGroupMessageThatDoesNotAddressTheBotIsDroppedByTheMentionGate() throws Exception {
        context.addRoutes(javaChannelRoute());
        channels.register(new TestJavaChannel());
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("inbound").whenDone(1).create();
        service.submit(group("chatter", false), null, null);
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        getMockEndpoint("mock:pi").expectedMessageCount(0);
        getMockEndpoint("mock:pi").assertIsSatisfied(200);
        MockEndpoint java = getMockEndpoint("mock:javachan");
        getMockEndpoint("mock:pi").reset();
        getMockEndpoint("mock:pi").expectedMessageCount(1);
        service.submit(group("@bot hello", true), null, null);
        getMockEndpoint("mock:pi").assertIsSatisfied();
        assertThat(java.getExchanges()).isEmpty(); // the channel's own observer renders (NONE here)
    }

    private static InboundMessage group(String text, boolean mentioned) {
        return new InboundMessage("javachan", null, io.pigateway.core.ChatScope.GROUP, "-100", null, "u9", null, text,
                null, mentioned, null, null);
    }

    private CompletableFuture<TurnResult> submit(String channel, String text) {
        FutureObserver observer = new FutureObserver();
        service.submit(InboundMessage.direct(channel, "u1", text), "agent:main:" + channel + ":dm:u1", observer);
        return observer.future();
    }

    private static RoutesBuilder javaChannelRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:outbound-javachan").routeId("test-javachan-out").to("mock:javachan");
            }
        };
    }

    /** A Java channel that renders nothing itself (its outbound route is the mock). */
    private static final class TestJavaChannel implements io.pigateway.core.channel.Channel {
        @Override
        public String name() {
            return "javachan";
        }

        @Override
        public TurnObserver observerFor(InboundMessage message) {
            return TurnObserver.NONE;
        }
    }

}
