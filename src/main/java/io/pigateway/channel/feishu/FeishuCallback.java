package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.store.StateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event callback ({@code POST webhookPath}), authenticated by Feishu's own means, never the
 * gateway token: with an {@code encryptKey} the body must decrypt and (for events) carry a valid
 * {@code X-Lark-Signature}; without one the verification token must match. Anything else is 401
 * and no turn. {@code url_verification} answers the challenge. An event is acknowledged with 200 at
 * once (Feishu retries after 3 s) and handled on {@code executor}; a repeated {@code event_id} is
 * acknowledged and dropped (remembered in the state store, so a restart does not repeat it).
 */
final class FeishuCallback implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuCallback.class);
    static final String SIGNATURE = "X-Lark-Signature";
    static final String TIMESTAMP = "X-Lark-Request-Timestamp";
    static final String NONCE = "X-Lark-Request-Nonce";
    static final String SEEN_EVENTS = "feishu.events";

    private final String verificationToken;
    private final String encryptKey;
    private final StateStore store;
    private final Executor executor;
    private final Consumer<JsonNode> events;
    private volatile long lastRefusalLog;

    /** @param events takes each new event's JSON (header + event), on {@code executor} */
    FeishuCallback(String verificationToken, String encryptKey, StateStore store, Executor executor,
                   Consumer<JsonNode> events) {
        this.verificationToken = blankToNull(verificationToken);
        this.encryptKey = blankToNull(encryptKey);
        this.store = store;
        this.executor = executor;
        this.events = events;
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        String raw = in.getBody(String.class);
        String signature = in.getHeader(SIGNATURE, String.class);
        String timestamp = in.getHeader(TIMESTAMP, String.class);
        String nonce = in.getHeader(NONCE, String.class);
        JsonNode body;
        try {
            body = FeishuApi.MAPPER.readTree(raw == null ? "" : raw);
            if (encryptKey != null) {
                if (!body.hasNonNull("encrypt")) {
                    answer(exchange, 401, "{\"msg\":\"expected an encrypted body\"}");
                    return;
                }
                body = FeishuApi.MAPPER.readTree(FeishuCrypto.decrypt(encryptKey, body.path("encrypt").asText()));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Feishu callback: unreadable body: {}", e.getMessage());
            answer(exchange, 401, "{\"msg\":\"unreadable or undecryptable body\"}");
            return;
        }
        boolean verification = "url_verification".equals(body.path("type").asText());
        String presentedToken = body.path("header").hasNonNull("token") ? body.path("header").path("token").asText()
                : body.path("token").asText(null);
        // a challenge is not signed; decrypting it is the proof when there is an encrypt key
        boolean authentic = encryptKey != null
                ? (verification || FeishuCrypto.signatureMatches(timestamp, nonce, encryptKey, raw, signature))
                        && (verificationToken == null || FeishuCrypto.tokenMatches(verificationToken, presentedToken))
                : FeishuCrypto.tokenMatches(verificationToken, presentedToken);
        if (!authentic) {
            warnRefusal(encryptKey != null ? "signature" : "token");
            answer(exchange, 401, "{\"msg\":\"not authenticated\"}");
            return;
        }
        if (verification) {
            ObjectNode challenge = FeishuApi.MAPPER.createObjectNode().put("challenge", body.path("challenge").asText());
            answer(exchange, 200, challenge.toString());
            return;
        }
        String eventId = body.path("header").path("event_id").asText(body.path("uuid").asText(""));
        if (!eventId.isEmpty() && !store.putIfAbsent(SEEN_EVENTS, eventId, Instant.now().toString())) {
            LOG.debug("Feishu callback: event {} was delivered before", eventId);
            answer(exchange, 200, "{}");
            return;
        }
        JsonNode event = body;
        executor.execute(() -> {
            try {
                events.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Feishu event {} could not be handled: {}", eventId, e.toString());
            }
        });
        answer(exchange, 200, "{}");
    }

    /** At most one warning a minute: forged requests must not flood the log. */
    private void warnRefusal(String what) {
        long now = System.currentTimeMillis();
        if (now - lastRefusalLog > 60_000) {
            lastRefusalLog = now;
            LOG.warn("Feishu callback refused: wrong or missing {} (further refusals this minute are not logged)", what);
        }
    }

    /** Forgets event ids older than {@code keep}: Feishu retries for hours, not days. */
    static void prune(StateStore store, java.time.Duration keep) {
        Instant cutoff = Instant.now().minus(keep);
        for (var e : store.list(SEEN_EVENTS)) {
            try {
                if (Instant.parse(e.getValue()).isBefore(cutoff)) {
                    store.delete(SEEN_EVENTS, e.getKey());
                }
            } catch (java.time.format.DateTimeParseException bad) {
                store.delete(SEEN_EVENTS, e.getKey());
            }
        }
    }

    private static void answer(Exchange exchange, int status, String json) {
        var out = exchange.getMessage();
        out.removeHeaders("X-Lark-*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
