package io.pigateway.core.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** YAML and Java routes attach to hooks through {@code direct:hook-<id>}. */
class HookRoutesTest {

    private static final String SPAM_FILTER_YAML = """
            - route:
                id: spam-filter
                from:
                  uri: direct:hook-message_received
                  steps:
                    - choice:
                        when:
                          - simple: "${body[text]} contains 'spam'"
                            steps:
                              - setBody:
                                  constant: '{"cancel": true}'
                        otherwise:
                          steps:
                            - setBody:
                                simple: '{"text": "[${header.PiGatewaySessionKey}] ${body[text]}"}'
            """;

    private final CamelContext camel = new DefaultCamelContext();
    private final HookRegistry registry = new HookRegistry(camel);

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private static HookContext inbound(String text) {
        return HookContext.forMessage("agent:main:telegram:dm:42", InboundMessage.direct("telegram", "42", text));
    }

    @Test
    void aYamlRouteCanRewriteOrCancelAMessage() throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("hooks.yaml", SPAM_FILTER_YAML));
        camel.start();

        assertThat(registry.hasRoute(HookPoint.MESSAGE_RECEIVED)).isTrue();
        HookContext rewritten = registry.run(HookPoint.MESSAGE_RECEIVED, inbound("hello"));
        assertThat(rewritten.isCancelled()).isFalse();
        assertThat(rewritten.text()).isEqualTo("[agent:main:telegram:dm:42] hello");
        assertThat(rewritten.message().text()).isEqualTo("[agent:main:telegram:dm:42] hello");

        assertThat(registry.run(HookPoint.MESSAGE_RECEIVED, inbound("buy spam now")).isCancelled()).isTrue();
    }

    @Test
    void javaHooksRunBeforeTheRouteWhichGetsTheMapAndHeaders() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hook-message_sending").process(exchange -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> body = exchange.getMessage().getBody(Map.class);
                    body.put("text", body.get("text") + " (via " + exchange.getMessage().getHeader(GatewayHeaders.HOOK) + ")");
                    body.put("footer", "sent by pi");
                });
            }
        });
        camel.start();
        registry.register(HookPoint.MESSAGE_SENDING, ctx -> ctx.setText(ctx.text().toUpperCase()));

        HookContext ctx = registry.run(HookPoint.MESSAGE_SENDING, new HookContext(Map.of("text", "answer")));

        assertThat(ctx.text()).isEqualTo("ANSWER (via message_sending)");
        assertThat(ctx.get("footer")).isEqualTo("sent by pi");
    }

    @Test
    void aFailingRouteIsSkippedAndAStoppedRouteIsNotCalled() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hook-agent_end").routeId("broken").throwException(new IllegalStateException("boom"));
                from("direct:hook-session_start").routeId("stopped").setBody(constant("{\"cancel\": true}"));
            }
        });
        camel.start();
        camel.getRouteController().stopRoute("stopped");

        HookContext afterFailure = registry.run(HookPoint.AGENT_END, inbound("kept"));
        HookContext notRouted = registry.run(HookPoint.SESSION_START, inbound("kept"));

        assertThat(afterFailure.text()).isEqualTo("kept");
        assertThat(afterFailure.isCancelled()).isFalse();
        assertThat(registry.hasRoute(HookPoint.SESSION_START)).isFalse();
        assertThat(notRouted.isCancelled()).isFalse();
        assertThat(registry.hasRoute(HookPoint.GATEWAY_START)).isFalse();
    }

    @Test
    void hasRouteFollowsTheRouteLifecycle() throws Exception {
        RouteBuilder hook = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hook-agent_end").routeId("watch-me").log("seen");
            }
        };
        camel.addRoutes(hook);
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).as("not started yet").isFalse();
        camel.start();
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).isTrue();
        camel.getRouteController().stopRoute("watch-me");
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).isFalse();
        camel.getRouteController().startRoute("watch-me");
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).isTrue();
        camel.getRouteController().stopRoute("watch-me");
        camel.removeRoute("watch-me");
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).isFalse();
        camel.addRoutes(hook); // added to a running context, as a reloaded YAML file is
        assertThat(registry.hasRoute(HookPoint.AGENT_END)).isTrue();
        assertThat(registry.hasRoute(HookPoint.SESSION_END)).isFalse();
    }
}
