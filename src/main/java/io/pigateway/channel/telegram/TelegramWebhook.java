package io.pigateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.security.GatewayToken;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the webhook POSTs of every webhook account on {@code /telegram/{account}}: 404 for an
 * account that is not served by webhook now, 401 without its matching
 * {@code X-Telegram-Bot-Api-Secret-Token} (constant-time check), 200 once the update is handled,
 * 500 when it could not be (Telegram then delivers it again). The secret is looked up per request,
 * so a config reload adds, removes or re-keys an account's webhook at once.
 */
final class TelegramWebhook implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhook.class);
    /** The path parameter of the route: {@code platform-http:/telegram/{account}}. */
    static final String ACCOUNT = "account";
    private final Function<String, String> secretOf;
    private final BiConsumer<String, JsonNode> handler;

    /** @param secretOf the secret of a webhook account by id, null for an account not served by webhook */
    TelegramWebhook(Function<String, String> secretOf, BiConsumer<String, JsonNode> handler) {
        this.secretOf = secretOf;
        this.handler = handler;
    }

    @Override
    public void process(Exchange exchange) {
        String accountId = exchange.getMessage().getHeader(ACCOUNT, String.class);
        String presented = exchange.getMessage().getHeader(TelegramChannel.SECRET_HEADER, String.class);
        exchange.getMessage().removeHeader(TelegramChannel.SECRET_HEADER); // never echo the secret back
        exchange.getMessage().removeHeader(ACCOUNT);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String secret = accountId == null ? null : secretOf.apply(accountId);
        if (secret == null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            exchange.getMessage().setBody("{\"ok\":false,\"error\":\"no webhook here\"}");
            return;
        }
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
