package io.pigateway.api;

import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.core.channel.ChannelSenders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /api/config} (redacted), {@code POST /api/config/reload} and {@code POST /api/send}
 * (through a channel's registered sender). The cron module serves {@code /api/cron}.
 */
public final class AdminRoutes extends RouteBuilder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminRoutes.class);
    private final ControlPlane control;

    public AdminRoutes(ControlPlane control) {
        this.control = control;
    }

    @Override
    public void configure() {
        from("platform-http:/api/config?httpMethodRestrict=GET").routeId("api-config")
                .process(ex -> ApiJson.ok(ex, control.redactedConfig()));
        from("platform-http:/api/config/reload?httpMethodRestrict=POST").routeId("api-config-reload")
                .process(this::reload);
        from("platform-http:/api/send?httpMethodRestrict=POST").routeId("api-send").process(this::send);
    }

    private void reload(Exchange exchange) {
        try {
            ApiJson.ok(exchange, control.reloadConfig());
        } catch (ConfigException e) {
            ApiJson.error(exchange, 400, "invalid_config",
                    "the config file is invalid; the running config is kept: " + e.getMessage());
        } catch (IllegalStateException e) {
            ApiJson.error(exchange, 409, "no_config_file", e.getMessage());
        }
    }

    private void send(Exchange exchange) {
        ObjectNode body = ApiJson.readObject(exchange);
        if (body == null) {
            return;
        }
        JsonNode to = body.get("to");
        JsonNode message = body.get("message");
        if (to == null || !to.isTextual() || to.asText().indexOf(':') < 1) {
            ApiJson.error(exchange, 400, "bad_request", "\"to\" must look like \"telegram:123\"");
            return;
        }
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            ApiJson.error(exchange, 400, "bad_request", "\"message\" must be a non-empty string");
            return;
        }
        String channel = to.asText().substring(0, to.asText().indexOf(':'));
        Optional<ChannelSenders.Sender> sender = control.senders().find(channel);
        if (sender.isEmpty()) {
            ApiJson.error(exchange, 404, "unknown_channel", "unknown channel: " + channel
                    + " (not enabled, or it cannot send)");
            return;
        }
        try {
            sender.get().send(to.asText().substring(channel.length() + 1), message.asText());
            ApiJson.ok(exchange, Map.of("delivered", true, "to", to.asText()));
        } catch (ChannelAddress.UnknownTargetException e) {
            ApiJson.error(exchange, 404, "unknown_target", e.getMessage());
        } catch (IllegalArgumentException e) {
            ApiJson.error(exchange, 400, "bad_request", e.getMessage());
        } catch (RuntimeException e) {
            // the channel refused or could not be reached: say so, without a stack trace
            LOG.warn("POST /api/send to {} failed: {}", to.asText(), e.getMessage());
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            if (why.toLowerCase(java.util.Locale.ROOT).contains("chat not found")) {
                ApiJson.error(exchange, 404, "unknown_target", channel + " does not know the chat "
                        + to.asText().substring(channel.length() + 1) + " (the bot must have been started or added there)");
            } else {
                ApiJson.error(exchange, 502, "channel_error", "the " + channel + " channel did not deliver the message: "
                        + (why.length() > 200 ? why.substring(0, 200) : why));
            }
        }
    }
}
