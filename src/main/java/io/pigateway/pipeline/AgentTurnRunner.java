package io.pigateway.pipeline;


import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.AgentErrorText;
import io.pigateway.core.TurnMeter;
import io.pigateway.core.TurnResult;
import io.pigateway.core.TurnUsage;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.lane.PendingMessage;
import io.pigateway.core.lane.TurnRunner;
import io.pigateway.rpc.PiAction;
import io.pigateway.rpc.PiEvent;
import io.pigateway.rpc.PiRpcConstants;
import io.pigateway.rpc.PiRpcException;
import io.pigateway.rpc.PiTurnResult;
import io.pigateway.store.SessionRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a lane's turn through the {@code direct:agent-turn} route (hooks around {@code pi-rpc}),
 * asynchronously: no thread waits while pi works. Fans pi's events out to every observer of the
 * turn, including messages steered into it while it runs.
 */
public final class AgentTurnRunner implements TurnRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTurnRunner.class);

    private final String turnEndpoint;
    private final java.util.function.Supplier<Set<String>> roles;
    private final SessionCatalog sessions;
    private final Map<String, RunningTurn> running = new ConcurrentHashMap<>();
    /** Observers that watch every turn of a session (WebSocket subscriptions), by session key. */
    private final Map<String, Set<TurnObserver>> watchers = new HashMap<>();
    private CamelContext camel;
    private AsyncProducer turnProducer;
    private ProducerTemplate template;
    private TurnHooks turnHooks = new TurnHooks(new HookRegistry());
    private TurnMeter meter = TurnMeter.NONE;
    private volatile java.util.function.Consumer<PendingMessage> requeue = m -> m.observer()
            .onError("internal", "Your message reached the agent too late for its answer; please send it again.");

    /** @param roles the configured roles; each has its own pi pool ({@link AgentPools#poolName}) */
    public AgentTurnRunner(String turnEndpoint, Set<String> roles, SessionCatalog sessions) {
        this(turnEndpoint, () -> roles, sessions);
    }

    /** @param roles the roles as the running config says now: a reload adds or removes one for new turns */
    public AgentTurnRunner(String turnEndpoint, java.util.function.Supplier<Set<String>> roles, SessionCatalog sessions) {
        this.turnEndpoint = turnEndpoint;
        this.roles = roles;
        this.sessions = sessions;
    }

    /**
     * Where steered messages go that pi did not take into the turn (they arrived as it ended):
     * normally back into their session's lane, so they run next instead of being lost.
     */
    public void onUndelivered(java.util.function.Consumer<PendingMessage> requeue) {
        this.requeue = requeue;
    }

    /** The tool and compaction hooks, fired from each turn's pi events. */
    public AgentTurnRunner withHooks(TurnHooks turnHooks) {
        this.turnHooks = turnHooks;
        return this;
    }

    /** Told how each turn ended and how long it took ({@code /metrics}). */
    public AgentTurnRunner withMeter(TurnMeter meter) {
        this.meter = meter;
        return this;
    }

    /** Binds to the started-or-starting CamelContext (the routes exist; no turn runs before this). */
    public void attach(CamelContext context) throws Exception {
        this.camel = context;
        this.turnProducer = context.getEndpoint(turnEndpoint).createAsyncProducer();
        this.turnProducer.start();
        this.template = context.createProducerTemplate();
        turnHooks.attach(context);
    }

    @Override
    public void runTurn(String sessionKey, List<PendingMessage> batch, Runnable onFinished) {
        String role = batch.get(0).role();
        if (role != null && !roles.get().contains(role)) {
            LOG.warn("role '{}' is not in roles.capabilities; {} runs with the default agent", role, sessionKey);
            role = null;
        }
        // a run id tells a session's turns apart in logs and events; no need for SecureRandom's UUID
        RunningTurn turn = new RunningTurn(sessionKey, String.format("%08x", ThreadLocalRandom.current().nextInt()),
                AgentPools.poolName(role), batch.get(0).message().channel());
        batch.forEach(m -> turn.observers.add(m.observer()));
        turn.trace.enterLogs();
        LOG.debug("turn {} starts on pool {}", turn.runId, turn.pool);
        synchronized (watchers) {
            watchers.getOrDefault(sessionKey, Set.of()).forEach(turn.observers::addIfAbsent);
            running.put(sessionKey, turn);
        }
        turn.observers.forEach(o -> o.onStart(sessionKey, turn.runId));
        try {
            InboundMessage first = batch.get(0).message();
            SessionRecord session = sessions.open(sessionKey, first.channel());
            sessions.rememberChat(sessionKey, batch.get(batch.size() - 1).message().replyTarget());
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(PromptText.of(batch));
            exchange.getMessage().setHeader(PiRpcConstants.SESSION_KEY, sessionKey);
            exchange.getMessage().setHeader(PiRpcConstants.SESSION_FILE, session.sessionFile());
            exchange.getMessage().setHeader(PiRpcConstants.LISTENER, turnHooks.around(sessionKey, turn::onEvent));
            exchange.getMessage().setHeader(GatewayHeaders.CHANNEL, first.channel());
            exchange.getMessage().setHeader(PiRpcConstants.POOL, turn.pool);
            exchange.setProperty(GatewayHeaders.INBOUND, first);
            // Straight into pi-rpc on this thread (it returns at once). Nothing on the way waits for a
            // turn: the API answers asynchronously, so the exchange's reactive queue keeps moving.
            turnProducer.process(exchange, doneSync -> {
                List<PendingMessage> late = List.of();
                turn.trace.enterLogs();
                try {
                    late = turn.complete(exchange, batch.size());
                } catch (RuntimeException e) {
                    LOG.error("turn completion failed for {}", sessionKey, e);
                } finally {
                    running.remove(sessionKey, turn);
                    turn.trace.ended(meter);
                    late.forEach(this::requeue); // still inside the lane's turn: they queue up next
                    onFinished.run();
                    TurnTrace.leaveLogs();
                }
            });
        } catch (Exception e) {
            LOG.error("could not start a turn for {}", sessionKey, e);
            turn.observers.forEach(o -> o.onError("internal", "The gateway could not start the agent turn."));
            running.remove(sessionKey, turn);
            turn.trace.ended(meter);
            onFinished.run();
        } finally {
            TurnTrace.leaveLogs();
        }
    }

    @Override
    public boolean steer(String sessionKey, PendingMessage message) {
        RunningTurn turn = running.get(sessionKey);
        boolean joined = turn != null && turn.join(message, () -> template.request("pi-rpc:" + turn.pool, ex -> {
            ex.getMessage().setBody(PromptText.of(List.of(message)));
            ex.getMessage().setHeader(PiRpcConstants.SESSION_KEY, sessionKey);
            ex.getMessage().setHeader(PiRpcConstants.ACTION, PiAction.STEER.name());
        }).getException() == null);
        if (!joined) {
            return false; // the turn is over (or just finishing): the lane queues the message
        }
        sessions.rememberChat(sessionKey, message.message().replyTarget());
        message.observer().onStart(sessionKey, turn.runId);
        return true;
    }

    @Override
    public void abort(String sessionKey) {
        RunningTurn turn = running.get(sessionKey);
        if (turn == null) {
            return; // nothing runs: nothing to abort
        }
        template.asyncSend("pi-rpc:" + turn.pool, ex -> {
            ex.getMessage().setHeader(PiRpcConstants.SESSION_KEY, sessionKey);
            ex.getMessage().setHeader(PiRpcConstants.ACTION, PiAction.ABORT.name());
        });
    }

    /**
     * Aborts every running turn; those that end without their answer tell their observers
     * {@code onError(code, sentence)} instead (a drain's deadline). Returns how many were running.
     */
    public int abortAll(String code, String sentence) {
        List<RunningTurn> turns = List.copyOf(running.values());
        turns.forEach(turn -> {
            turn.stoppedBecause = new String[] {code, sentence};
            abort(turn.sessionKey);
        });
        return turns.size();
    }

    /**
     * Lets {@code observer} see every turn of the session from now on, the running one included
     * (it joins with {@code onStart}). Returns the action that stops watching.
     */
    public Runnable watch(String sessionKey, TurnObserver observer) {
        RunningTurn joined;
        synchronized (watchers) {
            watchers.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(observer);
            joined = running.get(sessionKey);
            if (joined != null && !joined.observers.addIfAbsent(observer)) {
                joined = null;
            }
        }
        if (joined != null) {
            observer.onStart(sessionKey, joined.runId);
        }
        return () -> {
            synchronized (watchers) {
                Set<TurnObserver> set = watchers.get(sessionKey);
                if (set != null && set.remove(observer) && set.isEmpty()) {
                    watchers.remove(sessionKey);
                }
                RunningTurn current = running.get(sessionKey);
                if (current != null) {
                    current.observers.remove(observer);
                }
            }
        };
    }

    /** The observers watching the session right now (see {@link #watch}). */
    public List<TurnObserver> watchersOf(String sessionKey) {
        synchronized (watchers) {
            return List.copyOf(watchers.getOrDefault(sessionKey, Set.of()));
        }
    }

    private void requeue(PendingMessage message) {
        LOG.debug("a message steered into {} reached pi after the run ended; it runs next", message.sessionKey());
        try {
            requeue.accept(message);
        } catch (RuntimeException e) { // a full lane: say so rather than drop it
            message.observer().onError("busy", "This session is busy; please send your message again.");
        }
    }

    public boolean isRunning(String sessionKey) {
        return running.containsKey(sessionKey);
    }

    /** pi's {@code usage} object ({@code input, output, cacheRead, cacheWrite, totalTokens}); NONE if absent. */
    static TurnUsage usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return TurnUsage.NONE;
        }
        return new TurnUsage(usage.path("input").asLong(), usage.path("output").asLong(),
                usage.path("cacheRead").asLong(), usage.path("cacheWrite").asLong(), usage.path("totalTokens").asLong());
    }

    /** One turn in flight and everyone waiting for it. */
    private final class RunningTurn {
        final String sessionKey;
        final String runId;
        final String pool;
        /** The turn's keys for the logs, and its outcome and duration for the {@link TurnMeter}. */
        final TurnTrace trace;
        final CopyOnWriteArrayList<TurnObserver> observers = new CopyOnWriteArrayList<>();
        /** Messages steered into this turn (they may turn out not to be taken in: see {@link #complete}). */
        private final List<PendingMessage> steered = new ArrayList<>();
        /** Set when the turn's outcome is handed out: a steered message can no longer join. */
        private boolean closed;
        /** {code, sentence} when the gateway aborted the turn ({@link #abortAll}). */
        volatile String[] stoppedBecause;

        RunningTurn(String sessionKey, String runId, String pool, String channel) {
            this.sessionKey = sessionKey;
            this.runId = runId;
            this.pool = pool;
            this.trace = new TurnTrace(sessionKey, runId, channel);
            observers.add(trace);
        }

        void onEvent(PiEvent event) {
            String delta = event.textDelta();
            if (delta != null) {
                observers.forEach(o -> o.onDelta(delta));
                return;
            }
            switch (event.type()) {
                case "tool_execution_start" -> observers.forEach(o -> o.onTool(event.toolName(), "start"));
                case "tool_execution_end" -> {
                    String phase = event.json().path("isError").asBoolean() ? "error" : "end";
                    observers.forEach(o -> o.onTool(event.toolName(), phase));
                }
                default -> {
                }
            }
        }

        /**
         * Steers a message into this turn. Holding the turn's lock while pi acknowledges means the
         * outcome is handed out either before (the message is refused and queued) or after (the
         * message is one of the turn's own, answered or, if pi took it too late, re-run): never in
         * between, where its sender would get an answer that never saw the message.
         */
        synchronized boolean join(PendingMessage message, java.util.function.BooleanSupplier steer) {
            if (closed) {
                return false;
            }
            observers.add(message.observer());
            steered.add(message);
            if (!steer.getAsBoolean()) {
                observers.remove(message.observer());
                steered.remove(message);
                return false;
            }
            return true;
        }

        /** Everyone who gets the outcome; nobody can join after this (they would never hear back). */
        synchronized List<TurnObserver> close() {
            closed = true;
            return List.copyOf(observers);
        }

        /** Tells everyone the outcome; returns the steered messages pi never took in (to run again). */
        List<PendingMessage> complete(Exchange exchange, int messages) {
            List<TurnObserver> observers = new ArrayList<>(close());
            Exception failure = exchange.getException();
            if (failure != null) {
                String code = failure instanceof PiRpcException p ? p.code() : "internal";
                String message = failure instanceof PiRpcException ? userText(code, failure.getMessage())
                        : "The agent turn failed unexpectedly.";
                if (!(failure instanceof PiRpcException)) {
                    LOG.error("turn failed for {}", sessionKey, failure);
                }
                observers.forEach(o -> o.onError(code, message));
                return List.of();
            }
            if (exchange.getProperty(GatewayHeaders.REJECTED) != null) {
                observers.forEach(o -> o.onError("cancelled",
                        "This message was not passed to the agent: a rule of this gateway stopped it."));
                return List.of();
            }
            PiTurnResult result = exchange.getMessage().getBody(PiTurnResult.class);
            List<PendingMessage> late = result != null ? undelivered(result.undelivered()) : List.of();
            late.forEach(m -> observers.remove(m.observer()));
            sessions.turnFinished(sessionKey, messages + 1, result != null ? result.model() : null);
            String[] stopped = stoppedBecause;
            if (stopped != null && (result == null || "aborted".equals(result.stopReason()))) {
                observers.forEach(o -> o.onError(stopped[0], stopped[1]));
            } else if (result == null) {
                observers.forEach(o -> o.onError("internal", "The agent returned no result."));
            } else if (result.failed()) {
                String why = result.errorMessage() != null ? result.errorMessage() : "unknown error";
                LOG.warn("the model could not answer for {}: {}", sessionKey, why);
                // a provider's content filter is an answer of its own kind (OpenAI's finish_reason content_filter)
                String code = AgentErrorText.isContentFilter(why) ? "content_filter" : "agent_error";
                observers.forEach(o -> o.onError(code, AgentErrorText.forUser(why)));
            } else {
                TurnResult done = new TurnResult(sessionKey, runId, result.text(), result.stopReason(),
                        usageOf(result.usage()), result.model());
                observers.forEach(o -> o.onFinal(done));
            }
            return late;
        }

        /** pi's refusal text is for its terminal: log it, tell the user a sentence; our own texts pass. */
        private String userText(String code, String message) {
            if (!"rejected".equals(code)) {
                return message;
            }
            LOG.warn("the agent refused the turn for {}: {}", sessionKey, message);
            return AgentErrorText.forUser(message);
        }

        /** The steered messages whose prompt text pi reported as not taken into the run. */
        private synchronized List<PendingMessage> undelivered(List<String> texts) {
            List<String> left = new ArrayList<>(texts);
            List<PendingMessage> late = new ArrayList<>();
            for (PendingMessage m : steered) {
                if (left.remove(PromptText.of(List.of(m)))) {
                    late.add(m);
                }
            }
            return late;
        }
    }
}
