package io.pigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.ConfigException;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.plugin.GatewayMethod;
import io.pigateway.security.GatewayToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The WebSocket methods. They run on a worker pool (they touch SQLite and the pipeline), never on
 * the event loop. Chat events go only to the connection whose {@code chat.send} started them.
 * Plugins add methods of their own ({@link #withPluginMethods}); a built-in name always wins.
 */
public final class WsMethods {
    public static final List<String> NAMES = List.of("session.list", "session.get", "session.kill", "session.new",
            "session.rename", "session.delete",
            "config.reload", "chat.send", "chat.abort", "chat.history", "chat.subscribe", "chat.unsubscribe");

    private final ControlPlane control;
    private final Executor workers;
    private final String agentId;
    private volatile Map<String, GatewayMethod> pluginMethods = Map.of();

    public WsMethods(ControlPlane control, Executor workers, String agentId) {
        this.control = control;
        this.workers = workers;
        this.agentId = agentId;
    }

    /**
     * Methods plugins registered, by name. A method that throws answers an error frame (a
     * {@link MethodError} keeps its code; anything else is {@code internal}); the connection stays.
     */
    public WsMethods withPluginMethods(Map<String, GatewayMethod> methods) {
        Map<String, GatewayMethod> own = new LinkedHashMap<>(methods);
        NAMES.forEach(own::remove);
        this.pluginMethods = Map.copyOf(own);
        return this;
    }

    /** Every method a client may call: the built-in ones, cron's when it runs, then the plugins'. */
    public List<String> names() {
        List<String> all = new java.util.ArrayList<>(NAMES);
        if (!cronMethods.isEmpty()) {
            all.addAll(List.of("cron.list", "cron.get", "cron.runs", "cron.run", "cron.pause", "cron.resume",
                    "cron.add", "cron.remove", "cron.subscribe"));
        }
        pluginMethods.keySet().stream().sorted().forEach(all::add);
        return all;
    }

    /** A refusal with a protocol error code. */
    public static final class MethodError extends RuntimeException {
        private final String code;

        public MethodError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    CompletableFuture<Object> call(WsConnection connection, String method, ObjectNode params) {
        if ("chat.send".equals(method) && !control.submitMayBlock()) {
            // it only queues the message: cheaper right here on the event loop than a hop (see Submission)
            try {
                return CompletableFuture.completedFuture(dispatch(connection, method, params));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> dispatch(connection, method, params), workers);
    }

    private Object dispatch(WsConnection connection, String method, ObjectNode params) {
        return switch (method) {
            case "session.list" -> Map.of("sessions", control.sessions());
            case "session.get" -> control.session(key(params, "key"))
                    .orElseThrow(() -> new MethodError("not_found", "unknown session"));
            case "session.kill" -> Map.of("killed", control.kill(key(params, "key")));
            case "session.new" -> Map.of("sessionKey", newSessionKey());
            case "session.rename" -> rename(params);
            case "session.delete" -> Map.of("deleted", control.delete(key(params, "key")));
            case "config.reload" -> reload();
            case "chat.send" -> send(connection, params);
            case "chat.abort" -> Map.of("aborted", control.abort(key(params, "sessionKey")));
            case "chat.history" -> history(key(params, "sessionKey"));
            case "chat.subscribe" -> subscribe(connection, key(params, "sessionKey"));
            case "chat.unsubscribe" -> Map.of("unsubscribed", connection.unsubscribe(key(params, "sessionKey")));
            case "cron.list", "cron.get", "cron.runs", "cron.run", "cron.pause", "cron.resume", "cron.add",
                 "cron.remove" -> cron(method, params);
            case "cron.subscribe" -> cronSubscribe(connection);
            default -> callPlugin(method, params);
        };
    }

    private Object callPlugin(String method, ObjectNode params) {
        GatewayMethod handler = pluginMethods.get(method);
        if (handler == null) {
            throw new MethodError("unknown_method", "unknown method: " + method);
        }
        try {
            JsonNode result = handler.call(params);
            return result != null ? result : NullNode.getInstance();
        } catch (MethodError e) {
            throw e;
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e); // logged and answered "internal" by the connection
        }
    }

    // ---- cron.* : served by the cron module (CronWsMethods); without it they answer not_available ----
    private volatile Map<String, io.pigateway.plugin.GatewayMethod> cronMethods = Map.of();
    private final java.util.Set<WsConnection> cronWatchers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The cron methods, and where run events come from: each event goes to the connections that
     * called {@code cron.subscribe} as a {@code cron.run} event.
     */
    public WsMethods withCron(Map<String, io.pigateway.plugin.GatewayMethod> methods,
                              java.util.function.Consumer<java.util.function.Consumer<Object>> runEvents) {
        this.cronMethods = Map.copyOf(methods);
        runEvents.accept(event -> {
            cronWatchers.removeIf(c -> !c.isOpen());
            cronWatchers.forEach(c -> c.event("cron.run", event));
        });
        return this;
    }

    private Object cron(String method, ObjectNode params) {
        io.pigateway.plugin.GatewayMethod handler = cronMethods.get(method);
        if (handler == null) {
            throw new MethodError("not_available", "cron jobs are not available in this gateway");
        }
        JsonNode result;
        try {
            result = handler.call(params);
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
        JsonNode error = result.get("error");
        if (error != null && error.has("code")) {
            throw new MethodError(error.path("code").asText(), error.path("message").asText());
        }
        return result;
    }

    private Object cronSubscribe(WsConnection connection) {
        if (cronMethods.isEmpty()) {
            throw new MethodError("not_available", "cron jobs are not available in this gateway");
        }
        cronWatchers.add(connection);
        return Map.of("subscribed", true);
    }
    // ---- end cron ----

    private Object send(WsConnection connection, ObjectNode params) {
        JsonNode text = params.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new MethodError("bad_request", "\"text\" must be a non-empty string");
        }
        String sessionKey = params.hasNonNull("sessionKey") ? key(params, "sessionKey") : newSessionKey();
        // a subscribed connection already sees every turn of the session: don't send events twice
        WsTurnEvents events = connection.isSubscribed(sessionKey) ? WsTurnEvents.runIdOnly(connection, sessionKey)
                : new WsTurnEvents(connection, sessionKey);
        String routed;
        try {
            routed = control.submit(InboundMessage.direct("webchat", "webchat", text.asText()), sessionKey, events);
        } catch (LaneFullException e) {
            throw new MethodError("busy", "this session has too many queued messages; try again shortly");
        } catch (io.pigateway.core.GatewayDrainingException e) {
            throw new MethodError(io.pigateway.core.GatewayDrainingException.CODE, e.getMessage());
        }
        if (routed == null) {
            throw new MethodError("denied", "the message was not accepted");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sessionKey", routed);
        answer.put("runId", events.runId());
        return answer;
    }

    private Object rename(ObjectNode params) {
        String key = key(params, "key");
        JsonNode title = params.get("title");
        if (title == null || !title.isTextual() || !control.rename(key, title.asText())) {
            throw new MethodError("bad_request", "\"title\" must be a non-empty string");
        }
        return Map.of("renamed", true, "key", key);
    }

    /** Events of every turn of the session (started by anyone, the running one included) from now on. */
    private Object subscribe(WsConnection connection, String key) {
        connection.subscribe(key, () -> control.watch(key, new WsTurnEvents(connection, key)));
        return Map.of("subscribed", true, "sessionKey", key, "busy", control.isBusy(key));
    }

    private Object history(String key) {
        return Map.of("sessionKey", key, "messages", control.history(key));
    }

    private Object reload() {
        try {
            return control.reloadConfig();
        } catch (ConfigException e) {
            throw new MethodError("invalid_config", "the config file is invalid; the running config is kept: "
                    + e.getMessage());
        } catch (IllegalStateException e) {
            throw new MethodError("no_config_file", e.getMessage());
        }
    }

    private String newSessionKey() {
        return "agent:" + agentId + ":webchat:dm:" + GatewayToken.randomToken().substring(0, 12).replace('_', 'x');
    }

    private static String key(ObjectNode params, String name) {
        JsonNode value = params.get(name);
        if (value == null || !value.isTextual()) {
            throw new MethodError("bad_request", "\"" + name + "\" must be a session key string");
        }
        if (!SessionKeys.isValid(value.asText())) {
            throw new MethodError("bad_request", "invalid session key");
        }
        return value.asText();
    }
}
