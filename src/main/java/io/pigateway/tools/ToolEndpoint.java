package io.pigateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.hook.HookPoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/tools/<tool>}: what the pi extension calls. No gateway token here (the paths
 * are public for the gate); instead the header {@value #SECRET_HEADER} must carry the secret of a
 * live pi process that is running a turn right now. That turn's session, and its chat, are the
 * only things the tool can act on. Tools run on a worker pool, never on the event loop.
 * {@code POST /api/tools/hook/<point>} asks the {@link ToolCallHooks} behind the same check.
 */
public final class ToolEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ToolEndpoint.class);
    public static final String PREFIX = "/api/tools/";
    public static final String SECRET_HEADER = "X-Pi-Gateway-Tools-Secret";
    /** Where the extension asks the tool hooks: {@code /api/tools/hook/before_tool_call} and the like. */
    public static final String HOOK_PREFIX = PREFIX + "hook/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolSecrets secrets;
    private final Function<ToolSecrets.ProcessRef, Optional<String>> sessionOfProcess;
    private final Function<String, Optional<ReplyTarget>> chatOfSession;
    private final AgentTools tools;
    private final ExecutorService workers;
    private ToolCallHooks hooks;

    /** @param sessionOfProcess the session whose turn a process runs right now (empty: none) */
    public ToolEndpoint(ToolSecrets secrets, Function<ToolSecrets.ProcessRef, Optional<String>> sessionOfProcess,
                        Function<String, Optional<ReplyTarget>> chatOfSession, AgentTools tools, ExecutorService workers) {
        this.secrets = secrets;
        this.sessionOfProcess = sessionOfProcess;
        this.chatOfSession = chatOfSession;
        this.tools = tools;
        this.workers = workers;
    }

    /** Also answers the extension's tool hook calls ({@link #HOOK_PREFIX}); call before {@link #mount}. */
    public ToolEndpoint withHooks(ToolCallHooks hooks) {
        this.hooks = hooks;
        return this;
    }

    /** The exact paths the gateway-token gate must let through (each checks its own secret). */
    public static Set<String> publicPaths() {
        Set<String> paths = AgentTools.NAMES.stream().map(n -> PREFIX + n).collect(Collectors.toSet());
        ToolCallHooks.POINTS.forEach(point -> paths.add(HOOK_PREFIX + point.id()));
        return paths;
    }

    public void mount(Router router) {
        for (String name : AgentTools.NAMES) {
            router.post(PREFIX + name).handler(BodyHandler.create().setBodyLimit(256 * 1024))
                    .handler(rc -> handle(rc, name));
        }
        if (hooks != null) {
            for (HookPoint point : ToolCallHooks.POINTS) {
                router.post(HOOK_PREFIX + point.id()).handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024))
                        .handler(rc -> handleHook(rc, point));
            }
        }
    }

    /** The process calling and the session whose turn it runs. */
    private record Caller(ToolSecrets.ProcessRef process, String sessionKey) {
    }

    /** Who calls, or null when refused (the refusal is answered). */
    private Caller caller(RoutingContext rc) {
        Optional<ToolSecrets.ProcessRef> process = secrets.processFor(rc.request().getHeader(SECRET_HEADER));
        if (process.isEmpty()) {
            error(rc, 401, "unknown_process", "refused: this process is not known to the gateway");
            return null;
        }
        Optional<String> session = sessionOfProcess.apply(process.get());
        if (session.isEmpty()) {
            error(rc, 409, "no_turn", "refused: the process is not serving a conversation right now");
            return null;
        }
        return new Caller(process.get(), session.get());
    }

    /** A tool hook: answered at once when no hook is registered, else run on a worker (hooks may block). */
    private void handleHook(RoutingContext rc, HookPoint point) {
        Caller caller = caller(rc);
        JsonNode call = caller != null ? readObject(rc) : null;
        if (call == null) {
            return;
        }
        if (!hooks.has(point)) {
            respond(rc, 200, JSON.createObjectNode());
            return;
        }
        try {
            workers.execute(() -> {
                ObjectNode answer;
                try {
                    answer = hooks.run(point, caller.sessionKey(), call);
                } catch (RuntimeException e) { // a hook never breaks a tool call: pi goes on unchanged
                    LOG.warn("tool hook {} failed for session {}", point.id(), caller.sessionKey(), e);
                    answer = JSON.createObjectNode();
                }
                respond(rc, 200, answer);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            respond(rc, 200, JSON.createObjectNode());
        }
    }

    private void handle(RoutingContext rc, String tool) {
        Caller caller = caller(rc);
        JsonNode args = caller != null ? readObject(rc) : null;
        if (args == null) {
            return;
        }
        String sessionKey = caller.sessionKey();
        try {
            workers.execute(() -> {
                Outcome outcome = outcome(tool, sessionKey, () -> tools.run(tool, args, new AgentTools.Caller(sessionKey,
                        caller.process().pool(), chatOfSession.apply(sessionKey).orElse(null))));
                if (outcome.status() == 200) {
                    respond(rc, 200, JSON.createObjectNode().put("ok", true).put("text", outcome.message()));
                } else {
                    error(rc, outcome.status(), outcome.code(), outcome.message());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            error(rc, 503, "busy", "the gateway is stopping or too busy to run " + tool + "; try again shortly");
        }
    }

    /** How a tool call ends, as the agent will hear it. */
    record Outcome(int status, String code, String message) {
    }

    /**
     * Runs a tool and turns every ending into an answer: pi waits for one, so even an {@link Error}
     * (out of memory on a huge file, a stack overflow) must not leave the call hanging.
     */
    static Outcome outcome(String tool, String sessionKey, java.util.concurrent.Callable<String> call) {
        try {
            return new Outcome(200, null, call.call());
        } catch (ToolException | io.pigateway.core.channel.ChannelActionException e) {
            return new Outcome(422, "tool_error", e.getMessage());
        } catch (Throwable e) { // NOPMD: answered, then logged
            LOG.warn("tool {} failed for session {}", tool, sessionKey, e);
            return new Outcome(500, "internal", "the gateway failed to run " + tool);
        }
    }

    private static JsonNode readObject(RoutingContext rc) {
        Buffer body = rc.body() != null ? rc.body().buffer() : null;
        if (body == null || body.length() == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body.getBytes());
            if (node instanceof ObjectNode) {
                return node;
            }
        } catch (Exception e) {
            // answered below
        }
        error(rc, 400, "bad_request", "the arguments must be a JSON object");
        return null;
    }

    private static void error(RoutingContext rc, int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ok", false).putObject("error").put("code", code).put("message", message);
        respond(rc, status, root);
    }

    private static void respond(RoutingContext rc, int status, ObjectNode body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toString());
    }
}
