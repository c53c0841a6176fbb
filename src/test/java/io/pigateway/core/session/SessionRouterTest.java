package io.pigateway.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRouterTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final SessionRouter router = new SessionRouter("main", DmScope.PER_CHANNEL_PEER);

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void setsTheKeyFromTheMessage() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(InboundMessage.direct("telegram", "42", "hi"));

        router.process(exchange);

        assertThat(exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY)).isEqualTo("agent:main:telegram:dm:42");
    }

    @Test
    void keepsAKeyATrustedCallerAlreadySet() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(InboundMessage.direct("api", "42", "hi"));
        exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, "agent:main:cron:job-1");

        router.process(exchange);

        assertThat(exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY)).isEqualTo("agent:main:cron:job-1");
    }

    @Test
    void rejectsAMalformedPresetKeyAndAMissingBody() {
        Exchange preset = new DefaultExchange(camel);
        preset.getMessage().setHeader(GatewayHeaders.SESSION_KEY, "../../etc");
        assertThatThrownBy(() -> router.process(preset)).isInstanceOf(IllegalArgumentException.class);

        Exchange empty = new DefaultExchange(camel);
        empty.getMessage().setBody("just text");
        assertThatThrownBy(() -> router.process(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InboundMessage");
    }
}
