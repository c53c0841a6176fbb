package io.pigateway.core.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.InboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookRegistryTest {

    private final HookRegistry registry = new HookRegistry();

    private static HookContext inbound(String text) {
        return HookContext.forMessage("agent:main:telegram:dm:42", InboundMessage.direct("telegram", "42", text));
    }

    @Test
    void everyHookPointHasItsSnakeCaseId() {
        assertThat(HookPoint.values()).hasSize(14);
        assertThat(HookPoint.MESSAGE_RECEIVED.id()).isEqualTo("message_received");
        assertThat(HookPoint.TOOL_RESULT_PERSIST.id()).isEqualTo("tool_result_persist");
        assertThat(HookPoint.fromId("gateway_stop")).isEqualTo(HookPoint.GATEWAY_STOP);
        assertThat(HookRegistry.endpointUri(HookPoint.BEFORE_AGENT_START)).isEqualTo("direct:hook-before_agent_start");
    }

    @Test
    void hooksRunInOrderAndCanRewriteTheMessageText() {
        registry.register(HookPoint.MESSAGE_RECEIVED, ctx -> ctx.setText(ctx.text().trim()));
        registry.register(HookPoint.MESSAGE_RECEIVED, ctx -> ctx.setText(ctx.text() + "!"));

        HookContext ctx = registry.run(HookPoint.MESSAGE_RECEIVED, inbound("  hello  "));

        assertThat(ctx.text()).isEqualTo("hello!");
        assertThat(ctx.message().text()).isEqualTo("hello!");
        assertThat(ctx.message().senderId()).isEqualTo("42");
        assertThat(ctx.isCancelled()).isFalse();
    }

    @Test
    void aCancelStopsTheRemainingHooks() {
        List<String> calls = new ArrayList<>();
        registry.register(HookPoint.MESSAGE_SENDING, ctx -> {
            calls.add("first");
            ctx.cancel();
        });
        registry.register(HookPoint.MESSAGE_SENDING, ctx -> calls.add("second"));

        HookContext ctx = registry.run(HookPoint.MESSAGE_SENDING, new HookContext(Map.of("text", "out")));

        assertThat(ctx.isCancelled()).isTrue();
        assertThat(calls).containsExactly("first");
    }

    @Test
    void aThrowingHookIsSkipped() {
        registry.register(HookPoint.MESSAGE_RECEIVED, ctx -> {
            throw new IllegalStateException("plugin bug");
        });
        registry.register(HookPoint.MESSAGE_RECEIVED, ctx -> ctx.put("seen", true));

        HookContext ctx = registry.run(HookPoint.MESSAGE_RECEIVED, inbound("hi"));

        assertThat(ctx.get("seen")).isEqualTo(true);
        assertThat(ctx.text()).isEqualTo("hi");
    }

    @Test
    void hooksOnlyRunForTheirPointAndCanBeRemoved() {
        Hook hook = ctx -> ctx.setText("changed");
        registry.register(HookPoint.MESSAGE_SENT, hook);

        assertThat(registry.run(HookPoint.MESSAGE_RECEIVED, inbound("a")).text()).isEqualTo("a");
        assertThat(registry.unregister(HookPoint.MESSAGE_SENT, hook)).isTrue();
        assertThat(registry.run(HookPoint.MESSAGE_SENT, inbound("a")).text()).isEqualTo("a");
        assertThat(registry.hasRoute(HookPoint.MESSAGE_SENT)).isFalse();
    }
}
