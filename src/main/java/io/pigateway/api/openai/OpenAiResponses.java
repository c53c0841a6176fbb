package io.pigateway.api.openai;

import io.pigateway.api.ApiJson;
import io.pigateway.api.ErrorShapes;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers and {@link OpenAiError}s for the {@code /v1/} endpoints; the first answer wins. */
final class OpenAiResponses {
    /** The auth gate's and the router's refusals under {@code /v1/}, in OpenAI's shape. */
    static final ErrorShapes.Shape SHAPE = (rc, status, code, message) ->
            error(rc, OpenAiError.fromGateway(status, code, message));

    private OpenAiResponses() {
    }

    static void json(RoutingContext rc, int status, Object payload) {
        HttpServerResponse response = rc.response();
        // answers may come from any thread (a turn's completion, a timer)
        synchronized (response) {
            if (response.ended() || response.closed() || response.headWritten()) {
                return;
            }
            try {
                response.setStatusCode(status).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(ApiJson.MAPPER.writeValueAsString(payload));
            } catch (Exception e) {
                response.setStatusCode(500).end();
            }
        }
    }

    static void error(RoutingContext rc, OpenAiError error) {
        synchronized (rc.response()) {
            if (error.retryAfterSeconds() > 0 && !rc.response().headWritten()
                    && rc.response().headers().get("Retry-After") == null) { // the gate's limiter may have set its own
                rc.response().putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
            }
        }
        json(rc, error.status(), error.json());
    }
}
