package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.security.GatewayToken;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one account's webhook POSTs: 401 without the matching
 * {@code X-Telegram-Bot-Api-Secret-Token} (constant-time check), 200 once the update is handled,
 * 500 when it could not be (Telegram then delivers it again).
 */
final class TelegramWebhook implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhook.class);
    private final String accountId;
    private final String secret;
    private final BiConsumer<String, JsonNode> handler;

    TelegramWebhook(String accountId, String secret, BiConsumer<String, JsonNode> handler) {
        this.accountId = accountId;
        this.secret = secret;
        this.handler = handler;
    }

    @Override
    public void process(Exchange exchange) {
        String presented = exchange.getMessage().getHeader(TelegramChannel.SECRET_HEADER, String.class);
        exchange.getMessage().removeHeader(TelegramChannel.SECRET_HEADER); // never echo the secret back
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (!GatewayToken.matches(secret, presented)) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            exchange.getMessage().setBody("{\"ok\":false,\"error\":\"wrong secret token\"}");
            return;
        }
        try {
            JsonNode update = TelegramBotApi.MAPPER.readTree(exchange.getMessage().getBody(String.class));
            handler.accept(accountId, update);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setBody("{\"ok\":true}");
        } catch (Exception e) {
            LOG.warn("Telegram webhook for account '{}' could not handle an update: {}", accountId, e.toString());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            exchange.getMessage().setBody("{\"ok\":false}");
        }
    }
}
