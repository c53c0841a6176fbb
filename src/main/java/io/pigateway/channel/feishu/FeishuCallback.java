package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event callback ({@code POST webhookPath}), authenticated by Feishu's own means, never the
 * gateway token: with an {@code encryptKey} the body must decrypt and (for events) carry a valid
 * {@code X-Lark-Signature}; without one the verification token must match. Anything else is 401
 * and no turn. {@code url_verification} answers the challenge. An event is taken in (a message is
 * journaled, see {@link FeishuInbound}) and acknowledged with 200 at once (Feishu retries after
 * 3 s), the rest handled on {@code executor}; a redelivered message is acknowledged and dropped by
 * the journal and the pipeline's dedupe, which are keyed by message id, not event id. An event that
 * could not be taken in is answered 500, so Feishu delivers it again.
 */
final class FeishuCallback implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuCallback.class);
    static final String SIGNATURE = "X-Lark-Signature";
    static final String TIMESTAMP = "X-Lark-Request-Timestamp";
    static final String NONCE = "X-Lark-Request-Nonce";

    private final String verificationToken;
    private final String encryptKey;
    private final Executor executor;
    private final Function<JsonNode, Runnable> admit;
    private volatile long lastRefusalLog;

    /**
     * @param admit takes each event's JSON (header + event) before the 200 and returns what is left
     *              to do after it (run on {@code executor}), or null
     */
    FeishuCallback(String verificationToken, String encryptKey, Executor executor, Function<JsonNode, Runnable> admit) {
        this.verificationToken = blankToNull(verificationToken);
        this.encryptKey = blankToNull(encryptKey);
        this.executor = executor;
        this.admit = admit;
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
        Runnable after;
        try {
            after = admit.apply(body); // journaled before the 200: a crash from here on loses nothing
        } catch (RuntimeException e) {
            LOG.warn("Feishu event {} could not be taken in ({}); Feishu will deliver it again", eventId, e.toString());
            answer(exchange, 500, "{\"msg\":\"could not take the event in; please retry\"}");
            return;
        }
        if (after != null) {
            executor.execute(() -> {
                try {
                    after.run();
                } catch (RuntimeException e) {
                    LOG.warn("Feishu event {} could not be handled: {}", eventId, e.toString());
                }
            });
        }
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
