package io.pigateway.api;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.core.lane.LaneFullException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/chat/stream}: the same body as {@code /api/chat}, answered as Server-Sent
 * Events {@code delta}, {@code tool}, then {@code final} or {@code error}. Lives on the Vert.x
 * router because a Camel exchange answers once, not as a stream; the gate authenticates it.
 */
public final class ChatStream {
    public static final String PATH = "/api/chat/stream";

    private final ControlPlane control;

    public ChatStream(ControlPlane control) {
        this.control = control;
    }

    public void mount(Router router) {
        router.post(PATH).handler(ChatRequest.bodyHandler()).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        ChatRequest request = ChatRequest.read(rc);
        if (request == null) {
            return;
        }
        Submission.run(rc.vertx(), control, () -> control.submit(request.inbound(), request.sessionKey(),
                        new SseEvents(rc.response())))
                .onSuccess(routed -> {
                    if (routed == null) {
                        VertxJson.error(rc, 403, "denied", "the message was not accepted");
                    }
                }).onFailure(e -> {
                    if (e instanceof io.pigateway.core.GatewayDrainingException draining) {
                        VertxJson.draining(rc, draining);
                    } else if (e instanceof LaneFullException) {
                        VertxJson.error(rc, 429, "busy", "this session has too many queued messages; try again shortly");
                    } else {
                        VertxJson.error(rc, 500, "internal", "the message could not be submitted");
                    }
                });
    }

    /** Writes one turn's events to an SSE response; the stream ends with the turn. */
    private static final class SseEvents implements TurnObserver {
        private final HttpServerResponse response;
        private volatile String sessionKey;
        private volatile String runId;
        private boolean started;

        SseEvents(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void onStart(String key, String id) {
            sessionKey = key;
            runId = id;
            send("start", Map.of("sessionKey", key, "runId", id));
        }

        @Override
        public void onDelta(String text) {
            send("delta", Map.of("text", text));
        }

        @Override
        public void onTool(String name, String phase) {
            send("tool", Map.of("name", name == null ? "" : name, "phase", phase));
        }

        @Override
        public void onFinal(TurnResult result) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("sessionKey", result.sessionKey());
            p.put("runId", result.runId());
            p.put("text", result.text());
            send("final", p);
            end();
        }

        @Override
        public void onError(String code, String message) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("sessionKey", sessionKey);
            p.put("runId", runId);
            p.put("code", code);
            p.put("message", message);
            send("error", p);
            end();
        }

        private synchronized void send(String event, Object payload) {
            if (response.ended() || response.closed()) {
                return;
            }
            if (!started) {
                started = true;
                response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
            }
            try {
                response.write("event: " + event + "\ndata: " + ApiJson.MAPPER.writeValueAsString(payload) + "\n\n");
            } catch (Exception e) {
                response.reset();
            }
        }

        private synchronized void end() {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }
}
