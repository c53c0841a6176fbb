package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.app.ChannelRegistry;
import io.pigateway.app.OutboundRoutes;
import io.pigateway.core.ChatScope;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code POST /api/send} {@code {"to":"telegram:[account:]chatId[:topic:N]","message":"..."}}: delivers
 * a message through {@code direct:outbound} to the channel's own route. 400 for a malformed
 * address, 404 for an unknown channel or account, 502 when the platform refused it.
 */
public final class SendRoutes extends RouteBuilder {
    private static final Pattern CHAT = Pattern.compile("-?\\d+|@[A-Za-z0-9_]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ChannelRegistry channels;

    public SendRoutes(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public void configure() {
        from("platform-http:/api/send?httpMethodRestrict=POST").routeId("api-send").process(this::send);
    }

    private void send(Exchange exchange) {
        ObjectNode body = ApiJson.readObject(exchange);
        if (body == null) {
            return;
        }
        JsonNode to = body.get("to");
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            ApiJson.error(exchange, 400, "bad_request", "\"message\" must be a non-empty string");
            return;
        }
        ReplyTarget target;
        try {
            target = parseAddress(to != null && to.isTextual() ? to.asText() : "");
        } catch (IllegalArgumentException e) {
            ApiJson.error(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        if (!channels.canDeliver(target)) {
            ApiJson.error(exchange, 404, "not_found", "no channel '" + target.channel() + "' with account '"
                    + target.accountId() + "' is running");
            return;
        }
        ProducerTemplate template = exchange.getContext().createProducerTemplate();
        Exchange out = new DefaultExchange(exchange.getContext());
        out.getMessage().setBody(new OutboundUpdate.SendText(0, message.asText()));
        out.setProperty(GatewayHeaders.REPLY_TARGET, target);
        Exchange done = template.send(OutboundRoutes.OUTBOUND, out);
        if (done.getException() != null) {
            ApiJson.error(exchange, 502, "send_failed", "the channel refused the message: "
                    + done.getException().getMessage());
            return;
        }
        ObjectNode answer = ApiJson.MAPPER.createObjectNode().put("sent", true).put("to", to.asText());
        ApiJson.ok(exchange, answer);
    }

    /** {@code channel:[account:]chatId[:topic:N]}. */
    public static ReplyTarget parseAddress(String address) {
        String[] p = address.split(":", -1);
        String bad = "bad address '" + address + "' (expected channel:[account:]chatId[:topic:N], e.g. telegram:123)";
        if (p.length < 2 || p.length > 5 || !ID.matcher(p[0]).matches()) {
            throw new IllegalArgumentException(bad);
        }
        String account = "default";
        int chat = 1;
        if (p.length == 3 || p.length == 5) {
            account = p[1];
            chat = 2;
            if (!ID.matcher(account).matches() || CHAT.matcher(account).matches()) {
                throw new IllegalArgumentException(bad);
            }
        }
        String chatId = p[chat];
        String thread = null;
        if (p.length - chat == 3) {
            if (!"topic".equals(p[chat + 1]) || !p[chat + 2].matches("\\d+")) {
                throw new IllegalArgumentException(bad);
            }
            thread = p[chat + 2];
        } else if (p.length - chat != 1) {
            throw new IllegalArgumentException(bad);
        }
        if (!CHAT.matcher(chatId).matches()) {
            throw new IllegalArgumentException(bad);
        }
        ChatScope scope = thread != null ? ChatScope.TOPIC : chatId.startsWith("-") ? ChatScope.GROUP : ChatScope.DM;
        return new ReplyTarget(p[0], account, scope, chatId, thread, null);
    }
}
