package io.pigateway.cron;

import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.core.ChatScope;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.OutboundRoutes;
import io.pigateway.pipeline.PipelineRoutes;
import io.pigateway.pipeline.SessionCatalog;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Runs one job once: its task goes through {@code direct:inbound} like any channel message (hooks,
 * policy, lane, pi-rpc), and its answer goes where the delivery says: {@code announce} through
 * {@code direct:send} to {@code to}, {@code direct} to the chat of {@code sessionKey} (as that
 * chat's own message, rendered by its channel), {@code silent} nowhere. Completes with the run record.
 */
final class CronRunner {
    /** The channel name cron's own messages carry. */
    static final String CHANNEL = "cron";

    private final ProducerTemplate template;
    private final SessionCatalog sessions;
    private final ChannelRegistry channels;
    private final String agentId;
    private final long timeoutMs;
    private final Executor executor;

    CronRunner(ProducerTemplate template, SessionCatalog sessions, ChannelRegistry channels, String agentId,
               long timeoutMs, Executor executor) {
        this.template = template;
        this.sessions = sessions;
        this.channels = channels;
        this.agentId = agentId;
        this.timeoutMs = timeoutMs;
        this.executor = executor;
    }

    /** The session an {@code announce} or {@code silent} job runs in. */
    static String sessionOf(String agentId, String jobId) {
        return "agent:" + agentId + ":cron:" + jobId;
    }

    CompletableFuture<CronRun> run(CronJob job, String trigger) {
        Instant started = Instant.now();
        boolean direct = "direct".equals(job.delivery());
        String key = direct ? job.sessionKey() : sessionOf(agentId, job.id());
        CompletableFuture<TurnResult> turn = new CompletableFuture<>();
        try {
            InboundMessage message;
            TurnObserver observer = new Recorder(turn);
            if (direct) {
                ReplyTarget chat = sessions.chatOf(key).orElseThrow(() -> new RunFailure("the session " + key
                        + " has no chat yet (it needs one message from its chat first)"));
                message = new InboundMessage(chat.channel(), chat.accountId(), chat.scope(), chat.chatId(),
                        chat.threadId(), chat.chatId(), null, job.task(), null, true, null, null);
                observer = new Tee(channels.observerFor(message), observer); // the chat's channel renders it
            } else {
                if (!job.resumeContext()) {
                    sessions.reset(key); // a fresh pi session each run; the old transcript stays on disk
                }
                message = new InboundMessage(CHANNEL, null, ChatScope.DM, job.id(), null, CHANNEL, "cron",
                        job.task(), null, true, null, null);
            }
            submit(message, key, observer, direct);
        } catch (RuntimeException e) {
            turn.completeExceptionally(e);
        }
        return turn.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .thenApplyAsync(result -> deliver(job, result), executor)
                .handle((answer, error) -> record(started, trigger, key, answer, error));
    }

    /** @param fromOperator a task posted into a chat: the chat's own policy (e.g. a group's allowFrom) is not asked */
    private void submit(InboundMessage message, String key, TurnObserver observer, boolean fromOperator) {
        Exchange exchange = new DefaultExchange(template.getCamelContext());
        exchange.getMessage().setBody(message);
        exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, key);
        exchange.setProperty(GatewayHeaders.OBSERVER, observer);
        exchange.setProperty(GatewayHeaders.FROM_OPERATOR, fromOperator);
        Exchange done = template.send(PipelineRoutes.INBOUND, exchange);
        if (done.getException() != null) {
            throw new RunFailure("not queued: " + done.getException().getMessage());
        }
        if (done.getProperty(GatewayHeaders.ROUTED_KEY) == null) {
            throw new RunFailure("not accepted (a hook or the policy gate dropped it: "
                    + done.getProperty(GatewayHeaders.REJECTED) + ")");
        }
    }

    /** {@code announce}: the final text to {@code to} through {@code direct:send} (message_sending hooks see it). */
    private TurnResult deliver(CronJob job, TurnResult result) {
        String text = result.text() != null ? result.text() : "";
        if ("announce".equals(job.delivery()) && job.to() != null && !text.isBlank()) {
            Exchange exchange = new DefaultExchange(template.getCamelContext());
            exchange.getMessage().setBody(text);
            exchange.getMessage().setHeader(GatewayHeaders.TO, job.to());
            exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, result.sessionKey());
            Exchange done = template.send(OutboundRoutes.SEND, exchange);
            if (done.getException() != null) {
                throw new RunFailure("the answer could not be delivered to " + job.to() + ": "
                        + done.getException().getMessage());
            }
        }
        return result;
    }

    private static CronRun record(Instant started, String trigger, String key, TurnResult answer, Throwable error) {
        String finished = Instant.now().toString();
        if (error == null) {
            return new CronRun(started.toString(), finished, trigger, "ok", null, CronRun.excerpt(answer.text()), key,
                    answer.tokens());
        }
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String why = cause instanceof java.util.concurrent.TimeoutException ? "no answer in time"
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new CronRun(started.toString(), finished, trigger, "error", why, null, key, null);
    }

    /** A run that could not start or deliver; its message is what the run history shows. */
    static final class RunFailure extends RuntimeException {
        RunFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Completes the run's future with the turn's end. */
    private record Recorder(CompletableFuture<TurnResult> turn) implements TurnObserver {
        @Override
        public void onFinal(TurnResult result) {
            turn.complete(result);
        }

        @Override
        public void onError(String code, String message) {
            turn.completeExceptionally(new RunFailure(code + ": " + message));
        }
    }

    /** The chat's own renderer and the recorder, both seeing every event. */
    private record Tee(TurnObserver first, TurnObserver second) implements TurnObserver {
        @Override
        public void onStart(String sessionKey, String runId) {
            first.onStart(sessionKey, runId);
            second.onStart(sessionKey, runId);
        }

        @Override
        public void onDelta(String text) {
            first.onDelta(text);
            second.onDelta(text);
        }

        @Override
        public void onTool(String toolName, String phase) {
            first.onTool(toolName, phase);
            second.onTool(toolName, phase);
        }

        @Override
        public void onFinal(TurnResult result) {
            first.onFinal(result);
            second.onFinal(result);
        }

        @Override
        public void onError(String code, String message) {
            first.onError(code, message);
            second.onError(code, message);
        }
    }
}
