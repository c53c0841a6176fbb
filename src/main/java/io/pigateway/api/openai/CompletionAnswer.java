package io.pigateway.api.openai;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.TurnUsage;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a non-streaming request with one {@code chat.completion} once the turn ends, or with
 * OpenAI's error object; a turn still unanswered after the deadline gets a 504. No thread waits:
 * the answer is written from wherever the turn completes.
 */
final class CompletionAnswer implements TurnObserver {
    private final RoutingContext rc;
    private final CompletionRequest request;
    private final TurnAbort abort;
    private final long created = System.currentTimeMillis() / 1000;
    private final long timer;
    private volatile String runId;

    CompletionAnswer(RoutingContext rc, CompletionRequest request, TurnAbort abort, long answerTimeoutMs) {
        this.rc = rc;
        this.request = request;
        this.abort = abort;
        this.timer = rc.vertx().setTimer(answerTimeoutMs, t -> onError("timeout", "The agent did not answer in time."));
    }

    @Override
    public void onStart(String sessionKey, String id) {
        runId = id;
        abort.started();
    }

    @Override
    public void onFinal(TurnResult result) {
        respond(result.text() != null ? result.text() : "", CompletionJson.finishReason(result.stopReason()),
                result.usage(), result.runId());
    }

    @Override
    public void onError(String code, String message) {
        if ("content_filter".equals(code)) {
            respond("", "content_filter", TurnUsage.NONE, runId);
            return;
        }
        done();
        OpenAiResponses.error(rc, OpenAiError.fromTurn(code, message));
    }

    private void respond(String text, String finishReason, TurnUsage usage, String id) {
        done();
        synchronized (rc.response()) {
            if (!rc.response().headWritten()) {
                rc.response().putHeader(CompletionRequest.SESSION_HEADER, request.sessionKey());
            }
        }
        OpenAiResponses.json(rc, 200, CompletionJson.completion(CompletionJson.id(id), created, request.model(), text,
                finishReason, usage));
    }

    private void done() {
        rc.vertx().cancelTimer(timer);
        abort.finished();
    }
}
