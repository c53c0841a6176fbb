package io.pigateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.pipeline.FutureObserver;
import io.pigateway.pipeline.FutureObserver.TurnFailure;
import io.pigateway.core.GatewayDrainingException;
import io.pigateway.core.lane.LaneFullException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/chat}: one message in, the agent's whole answer out. Fully asynchronous: no
 * thread waits for the agent (a platform-http route would hold a worker for the whole turn, so a
 * few dozen slow answers would starve every other request). The answer is written from wherever
 * the turn completes; the gate authenticates the request before it gets here.
 */
public final class ChatApi {
    public static final String PATH = "/api/chat";

    private final ControlPlane control;
    private final java.util.function.LongSupplier turnTimeoutMs;

    /**
     * @param turnTimeoutMs the agent's turn timeout as the running config says (a reload changes it for
     *                      new messages); a message still unanswered 5 s after it gets a 504
     */
    public ChatApi(ControlPlane control, java.util.function.LongSupplier turnTimeoutMs) {
        this.control = control;
        this.turnTimeoutMs = turnTimeoutMs;
    }

    public void mount(Router router) {
        router.post(PATH).handler(ChatRequest.bodyHandler()).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        ChatRequest request = ChatRequest.read(rc);
        if (request == null) {
            return;
        }
        FutureObserver observer = new FutureObserver();
        long timer = rc.vertx().setTimer(turnTimeoutMs.getAsLong() + 5_000,
                t -> VertxJson.error(rc, 504, "timeout", "the agent did not answer in time"));
        observer.future().whenComplete((result, error) -> {
            rc.vertx().cancelTimer(timer);
            if (error == null) {
                ObjectNode answer = ApiJson.MAPPER.createObjectNode();
                answer.put("reply", result.text()).put("sessionKey", result.sessionKey());
                VertxJson.respond(rc, 200, answer);
            } else {
                TurnFailure failure = error instanceof TurnFailure f ? f : new TurnFailure("internal", "the turn failed");
                VertxJson.error(rc, statusFor(failure.code()), failure.code(), failure.getMessage());
            }
        });
        Submission.run(rc.vertx(), control, () -> control.submit(request.inbound(), request.sessionKey(), observer))
                .onSuccess(routed -> {
                    if (routed == null) {
                        observer.onError("denied", "the message was not accepted");
                    }
                })
                .onFailure(e -> {
                    if (e instanceof GatewayDrainingException draining) {
                        rc.response().putHeader("Retry-After", Long.toString(draining.retryAfterSeconds()));
                        observer.onError(GatewayDrainingException.CODE, draining.getMessage());
                    } else if (e instanceof LaneFullException) {
                        observer.onError("busy", "this session has too many queued messages; try again shortly");
                    } else {
                        observer.onError("internal", "the message could not be submitted");
                    }
                });
    }

    static int statusFor(String code) {
        return switch (code) {
            case "busy" -> 429;
            case "pool_busy", "pi_unavailable", GatewayDrainingException.CODE -> 503;
            case "timeout" -> 504;
            case "denied" -> 403;
            case "killed", "aborted" -> 409;
            case "internal" -> 500;
            default -> 502;
        };
    }
}
