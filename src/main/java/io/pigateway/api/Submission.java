package io.pigateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Where an API request hands its message to the pipeline. Submitting only queues the message
 * (nothing waits for the agent), so it runs right on the event loop: a thread hop would cost more
 * than the work. Hooks and plugins at {@code message_received}, {@code session_start} or
 * {@code before_agent_start} are the user's code and may block, so with any of them attached the
 * submission runs on a Vert.x worker instead.
 */
public final class Submission {
    private Submission() {
    }

    public static <T> Future<T> run(Vertx vertx, ControlPlane control, Callable<T> submit) {
        if (control.submitMayBlock()) {
            return vertx.executeBlocking(submit, false);
        }
        try {
            return Future.succeededFuture(submit.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
