package io.pigateway.core.session;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sets header {@link GatewayHeaders#SESSION_KEY} from the {@link InboundMessage} body. A key that a
 * trusted caller (the HTTP API) already set is kept, after validation. Stateless.
 */
public final class SessionRouter implements Processor {

    private final String agentId;
    private final DmScope dmScope;

    public SessionRouter(String agentId, DmScope dmScope) {
        this.agentId = agentId;
        this.dmScope = dmScope;
    }

    @Override
    public void process(Exchange exchange) {
        String preset = exchange.getMessage().getHeader(GatewayHeaders.SESSION_KEY, String.class);
        if (preset != null && !preset.isBlank()) {
            SessionKeys.parse(preset);
            return;
        }
        InboundMessage message = exchange.getMessage().getBody(InboundMessage.class);
        if (message == null) {
            throw new IllegalArgumentException("SessionRouter needs an InboundMessage body, got "
                    + describe(exchange.getMessage().getBody()));
        }
        exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, SessionKeys.forMessage(message, agentId, dmScope));
    }

    private static String describe(Object body) {
        return body == null ? "null" : body.getClass().getName();
    }
}
