package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.api.WsMethods;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.testing.PluginJars;
import io.pigateway.tools.ToolException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's failure stays its own: at register(), in a hook, a tool, a WS method, an HTTP route, a command. */
class PluginIsolationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path base;

    final Registrations into = new Registrations();

    ModuleApi pluginApi(String name) {
        return new ModuleApi(name, GatewayConfig.defaults(), base, into, true);
    }

    static HookContext inbound(String text) {
        return HookContext.forMessage("agent:main:webchat:dm:1", InboundMessage.direct("webchat", "1", text));
    }

    @Test
    void aPluginThatThrowsInRegisterIsDisabledWithItsErrorAndTheOthersKeepTheirs() {
        Path jars = base.resolve("plugins");
        PluginJars.build(Map.of("boom/P.java", """
                package boom;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public String name() { return "boom"; }
                    public void register(io.pigateway.plugin.GatewayPluginApi api) {
                        api.registerTool(new io.pigateway.plugin.AgentToolSpec("boom_tool", "d", null, (s, a) -> "x"));
                        throw new IllegalStateException("cannot reach the weather service");
                    }
                }
                """, PluginLoaderTest.SERVICE, "boom.P\n"), jars.resolve("boom.jar"));
        PluginLoaderTest.plugin(jars.resolve("fine.jar"), "fine", "fine", 100, "f");
        PluginJars.build(Map.of("fine2/P.java", """
                package fine2;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public String name() { return "fine"; }
                    public void register(io.pigateway.plugin.GatewayPluginApi api) {
                        api.registerCommand(new io.pigateway.core.channel.ChatCommand("fine", "d", (m, s, a) -> "ok"));
                    }
                }
                """, PluginLoaderTest.SERVICE, "fine2.P\n"), jars.resolve("fine2.jar"));

        PluginCatalog.Report report = PluginCatalog.inspect(GatewayConfig.defaults(), base);

        assertThat(report.plugins()).extracting(PluginCatalog.Entry::name).containsExactly("boom", "fine", "fine-2");
        assertThat(report.registrations().failed).containsOnlyKeys("boom");
        assertThat(report.registrations().failed.get("boom")).contains("cannot reach the weather service");
        assertThat(report.registrations().tools).isEmpty(); // what it registered before throwing is dropped
        assertThat(report.registrations().summaryOf("fine-2")).containsExactly("command: /fine");
    }

    @Test
    void aHookThatThrowsIsSkippedAndTheMessageGoesOnUnlessFailClosed() throws Exception {
        pluginApi("flaky").registerHook(HookPoint.MESSAGE_RECEIVED, ctx -> {
            throw new IllegalStateException("flaky hook");
        });
        pluginApi("tagger").registerHook(HookPoint.MESSAGE_RECEIVED, ctx -> ctx.setText(ctx.text() + " [tagged]"));
        HookRegistry hooks = new HookRegistry();
        into.hooks.forEach(h -> hooks.register(h.value().point(), h.value().hook()));

        HookContext open = hooks.run(HookPoint.MESSAGE_RECEIVED, inbound("hi"));
        assertThat(open.isCancelled()).isFalse();
        assertThat(open.text()).isEqualTo("hi [tagged]"); // the next plugin's hook still ran

        pluginApi("guard").registerHook(HookPoint.MESSAGE_SENDING, ctx -> {
            throw new IllegalStateException("policy service down");
        }, true);
        HookContext closed = new HookContext(Map.of("text", "secret answer"));
        into.hooks.get(2).value().hook().handle(closed);
        assertThat(closed.isCancelled()).isTrue();
    }

    @Test
    void aToolThatThrowsAnswersTheAgentWithTheReason() throws Exception {
        pluginApi("weather").registerTool(new AgentToolSpec("weather_now", "Weather", null, (session, args) -> {
            throw new IllegalStateException("the weather service is down");
        }));
        AgentToolSpec tool = into.tools.get(0).value();

        assertThatThrownBy(() -> tool.handler().call("agent:main:webchat:dm:1", JSON.createObjectNode()))
                .isInstanceOf(ToolException.class)
                .hasMessage("plugin weather: tool weather_now failed: IllegalStateException: the weather service is down");
    }

    @Test
    void aMethodThatThrowsBecomesAnErrorFrameWithASentence() {
        pluginApi("hello").registerGatewayMethod("hello.fail", params -> {
            throw new IllegalArgumentException("no name given");
        });

        assertThatThrownBy(() -> into.methods.get(0).value().handler().call(JSON.createObjectNode()))
                .isInstanceOfSatisfying(WsMethods.MethodError.class, e -> {
                    assertThat(e.code()).isEqualTo("plugin_error");
                    assertThat(e.getMessage()).isEqualTo("plugin hello: hello.fail failed: IllegalArgumentException: no name given");
                });
    }

    @Test
    void anHttpHandlerThatThrowsAnswers500WithoutAStackTrace() throws Exception {
        pluginApi("hello").registerHttpRoute("/plugins/hello/fail", "GET", exchange -> {
            throw new IllegalStateException("internal detail");
        }, false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        into.httpRoutes.get(0).value().handler().process(exchange);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(exchange.getMessage().getBody(String.class)).contains("plugin hello failed").doesNotContain("internal detail");
    }

    @Test
    void aCommandThatThrowsRepliesInTheChat() throws Exception {
        pluginApi("hello").registerCommand(new ChatCommand("hello", "d", (message, session, args) -> {
            throw new IllegalStateException("oops");
        }));

        String reply = into.commands.get(0).value().handler().handle(InboundMessage.direct("webchat", "1", "/hello"),
                "agent:main:webchat:dm:1", "");

        assertThat(reply).isEqualTo("The /hello command failed (plugin hello): IllegalStateException: oops");
    }

    @Test
    void aChannelThatCannotConnectOrReconfigureDoesNotStopTheGateway() throws Exception {
        pluginApi("pager").registerChannel(new io.pigateway.core.channel.Channel() {
            public String name() {
                return "pager";
            }

            public io.pigateway.core.TurnObserver observerFor(InboundMessage message) {
                return null;
            }

            public void start(org.apache.camel.CamelContext camel) {
                throw new IllegalStateException("pager service unreachable");
            }

            public Map<String, Object> health() {
                throw new IllegalStateException("no health");
            }

            public java.util.List<String> reconfigure() {
                throw new IllegalStateException("pager config unreadable");
            }
        });
        io.pigateway.core.channel.Channel channel = into.channels.get(0).value();

        channel.start(new DefaultCamelContext()); // logged, not thrown
        assertThat(channel.health()).containsEntry("running", false);
        assertThat(channel.reconfigure()).as("a reload goes on without it").isEmpty();
        assertThat(into.summaryOf("pager")).containsExactly("channel: pager");
    }

    @Test
    void aServiceThatFailsToStartIsLoggedAndStillGetsItsCamelContext() throws Exception {
        class Poller extends org.apache.camel.support.service.ServiceSupport implements org.apache.camel.CamelContextAware {
            org.apache.camel.CamelContext camel;

            public void setCamelContext(org.apache.camel.CamelContext context) {
                camel = context;
            }

            public org.apache.camel.CamelContext getCamelContext() {
                return camel;
            }

            @Override
            protected void doStart() {
                throw new IllegalStateException("cannot poll");
            }
        }
        Poller poller = new Poller();
        pluginApi("poll").registerService(poller);
        org.apache.camel.Service service = into.services.get(0).value();
        DefaultCamelContext camel = new DefaultCamelContext();

        ((org.apache.camel.CamelContextAware) service).setCamelContext(camel);
        service.start(); // logged, not thrown

        assertThat(poller.camel).isSameAs(camel);
        assertThat(into.summaryOf("poll")).containsExactly("service: Poller");
    }

    @Test
    void namesThatWouldShadowTheGatewayOrPiAreRefused() {
        ModuleApi api = pluginApi("greedy");
        assertThatThrownBy(() -> api.registerTool(new AgentToolSpec("bash", "d", null, (s, a) -> "")))
                .hasMessageContaining("taken");
        assertThatThrownBy(() -> api.registerTool(new AgentToolSpec("send_message", "d", null, (s, a) -> "")))
                .hasMessageContaining("taken");
        assertThatThrownBy(() -> api.registerTool(new AgentToolSpec("has space", "d", null, (s, a) -> "")))
                .hasMessageContaining("tool name");
        assertThatThrownBy(() -> api.registerGatewayMethod("chat.send", p -> null)).hasMessageContaining("gateway's own");
        assertThatThrownBy(() -> api.registerHttpRoute("/api/chat", "POST", e -> { }, false))
                .hasMessageContaining("gateway's own");
        assertThatThrownBy(() -> api.registerHttpRoute("/plugins/x", "FETCH ME", e -> { }, false))
                .hasMessageContaining("not an HTTP method");
        api.registerHttpRoute("/plugins/greedy", "GET", e -> { }, false);
        assertThatThrownBy(() -> pluginApi("other").registerHttpRoute("/plugins/greedy", "POST", e -> { }, false))
                .hasMessageContaining("already served by greedy");
        api.registerTool(new AgentToolSpec("greedy_tool", "d", null, (s, a) -> ""));
        assertThatThrownBy(() -> pluginApi("other").registerTool(new AgentToolSpec("greedy_tool", "d", null, (s, a) -> "")))
                .hasMessageContaining("already registered by greedy");
    }

    @Test
    void builtInModulesAreNotWrapped() {
        AgentToolSpec.Handler handler = (s, a) -> "x";
        new ModuleApi("tools", GatewayConfig.defaults(), base, into).registerTool(new AgentToolSpec("t1", "d", null, handler));
        assertThat(into.tools.get(0).value().handler()).isSameAs(handler);
        assertThat(PluginLoader.isPlugin((GatewayPlugin) api -> { })).isFalse();
        assertThat(List.of(PluginHttpRoutes.routeId("Hello World!", 2))).containsExactly("plugin-hello-world-http-2");
    }
}
