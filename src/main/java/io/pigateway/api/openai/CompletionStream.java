package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.ApiJson;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.TurnUsage;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams one turn as OpenAI's Server-Sent Events: a first chunk with {@code role}, a chunk per
 * text delta, a last chunk with {@code finish_reason}, the usage chunk when
 * {@code stream_options.include_usage} asked for it, then {@code data: [DONE]}. Tool activity is
 * not sent (OpenAI tool calls are the client's own tools; pi's are not). An error before the
 * first chunk is a plain HTTP error; after it, an {@code data: {"error":...}} event the SDKs raise.
 */
final class CompletionStream implements TurnObserver {
    private final RoutingContext rc;
    private final CompletionRequest request;
    private final TurnAbort abort;
    private final long created = System.currentTimeMillis() / 1000;
    private final StringBuilder sent = new StringBuilder();
    private String id = CompletionJson.id(null);
    private boolean headWritten;

    CompletionStream(RoutingContext rc, CompletionRequest request, TurnAbort abort) {
        this.rc = rc;
        this.request = request;
        this.abort = abort;
    }

    @Override
    public synchronized void onStart(String sessionKey, String runId) {
        if (!headWritten) {
            id = CompletionJson.id(runId);
            begin();
        }
        abort.started();
    }

    @Override
    public synchronized void onDelta(String text) {
        sent.append(text);
        write(CompletionJson.chunk(id, created, request.model(), null, text, null));
    }

    @Override
    public synchronized void onFinal(TurnResult result) {
        begin();
        // the final text passed the message_sending hooks; the deltas already sent cannot be taken
        // back, but a text the deltas did not carry (a command's reply, an appended line) still goes out
        String text = result.text() != null ? result.text() : "";
        if (text.startsWith(sent.toString()) && text.length() > sent.length()) {
            write(CompletionJson.chunk(id, created, request.model(), null, text.substring(sent.length()), null));
        }
        finish(CompletionJson.finishReason(result.stopReason()), result.usage());
    }

    @Override
    public synchronized void onError(String code, String message) {
        if ("content_filter".equals(code)) {
            begin();
            finish("content_filter", TurnUsage.NONE);
            return;
        }
        abort.finished();
        OpenAiError error = OpenAiError.fromTurn(code, message);
        if (!headWritten) {
            OpenAiResponses.error(rc, error);
            return;
        }
        write(error.json());
        end();
    }

    private void finish(String finishReason, TurnUsage usage) {
        write(CompletionJson.chunk(id, created, request.model(), null, null, finishReason));
        if (request.includeUsage()) {
            write(CompletionJson.usageChunk(id, created, request.model(), usage));
        }
        abort.finished();
        writeRaw("data: [DONE]\n\n");
        end();
    }

    /** Headers and the role chunk, once. */
    private void begin() {
        if (headWritten) {
            return;
        }
        headWritten = true;
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no")
                .putHeader(CompletionRequest.SESSION_HEADER, request.sessionKey());
        write(CompletionJson.chunk(id, created, request.model(), "assistant", "", null));
    }

    private void write(ObjectNode data) {
        try {
            writeRaw("data: " + ApiJson.MAPPER.writeValueAsString(data) + "\n\n");
        } catch (Exception e) {
            rc.response().reset();
        }
    }

    private void writeRaw(String event) {
        HttpServerResponse response = rc.response();
        if (!response.ended() && !response.closed() && headWritten) {
            response.write(event);
        }
    }

    private void end() {
        HttpServerResponse response = rc.response();
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
