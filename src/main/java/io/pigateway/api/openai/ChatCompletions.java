package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.ApiJson;
import io.pigateway.api.ControlPlane;
import io.pigateway.api.Submission;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.GatewayDrainingException;
import io.pigateway.core.lane.LaneFullException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/chat/completions}: reads the request, submits its prompt to the session's lane
 * like every channel does ({@code direct:inbound}, channel {@code openai}), and answers through
 * {@link CompletionAnswer} or {@link CompletionStream}. The gate has checked the token already.
 */
final class ChatCompletions {
    private final ControlPlane control;
    private final OpenAiModels models;
    private final String agentId;
    private final java.util.function.LongSupplier turnTimeoutMs;

    ChatCompletions(ControlPlane control, OpenAiModels models, String agentId,
                    java.util.function.LongSupplier turnTimeoutMs) {
        this.control = control;
        this.models = models;
        this.agentId = agentId;
        this.turnTimeoutMs = turnTimeoutMs;
    }

    void handle(RoutingContext rc) {
        CompletionRequest request;
        try {
            request = CompletionRequest.parse(body(rc), rc.request().getHeader(CompletionRequest.SESSION_HEADER),
                    models, agentId);
        } catch (CompletionRequest.Invalid e) {
            OpenAiResponses.error(rc, e.error());
            return;
        }
        TurnAbort abort = new TurnAbort(control, request.sessionKey(), rc.response());
        TurnObserver observer = request.stream() ? new CompletionStream(rc, request, abort)
                : new CompletionAnswer(rc, request, abort, turnTimeoutMs.getAsLong() + 5_000);
        Submission.run(rc.vertx(), control, () -> control.submit(request.inbound(), request.sessionKey(), observer,
                        request.role()))
                .onSuccess(routed -> {
                    if (routed == null) {
                        observer.onError("denied", "The message was not accepted.");
                    }
                })
                .onFailure(e -> {
                    if (e instanceof GatewayDrainingException draining) {
                        rc.response().putHeader("Retry-After", Long.toString(draining.retryAfterSeconds()));
                        observer.onError(GatewayDrainingException.CODE, draining.getMessage());
                    } else if (e instanceof LaneFullException) {
                        observer.onError("busy", "This session has too many queued messages; try again shortly.");
                    } else {
                        observer.onError("internal", "The message could not be submitted.");
                    }
                });
    }

    /** The body as a JSON object; throws {@link CompletionRequest.Invalid} otherwise. */
    private static ObjectNode body(RoutingContext rc) {
        Buffer body = rc.body() != null ? rc.body().buffer() : null;
        JsonNode node;
        try {
            node = body == null || body.length() == 0 ? null : ApiJson.MAPPER.readTree(body.getBytes());
        } catch (Exception e) {
            throw new CompletionRequest.Invalid(OpenAiError.badRequest(null,
                    "The body is not valid JSON (send Content-Type: application/json)."));
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new CompletionRequest.Invalid(OpenAiError.badRequest(null, "The body must be a JSON object."));
    }
}
