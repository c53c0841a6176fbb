package io.pigateway.app;

import io.pigateway.core.CamelAwareService;
import io.pigateway.rpc.PiLineWarmUp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request path a few hundred times right after the start, on a background thread, so
 * the JIT has compiled it before a user's first turns: without this the first hundred turns run
 * largely in the interpreter and cost several times the CPU and latency of later ones (README,
 * Benchmarks). It calls the gateway's own port like any client, over one keep-alive connection:
 * {@code GET /health} (the platform-http route) and an authenticated {@code POST /api/chat} without
 * a message (answered 400 before any session, hook or agent is involved), then parses a canned pi
 * turn. Nothing is stored and no hook fires. {@code gateway.http.warmUpRounds: 0} turns it off.
 */
final class StartWarmUp extends CamelAwareService {
    private static final Logger LOG = LoggerFactory.getLogger(StartWarmUp.class);
    private static final long READY_WAIT_MS = 60_000;
    /** A round that fails (a slow start, a busy machine) is retried; this many failures in a row end it. */
    private static final int MAX_FAILURES_IN_A_ROW = 5;

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final Supplier<String> token;
    private final int rounds;
    private final BooleanSupplier agentReady;
    private volatile Thread thread;
    private volatile int completed;
    private volatile String problem;

    /** @param agentReady whether pi's first process answers: the warm-up waits for it (see {@link #run}) */
    StartWarmUp(Vertx vertx, String host, int port, Supplier<String> token, int rounds, BooleanSupplier agentReady) {
        this.vertx = vertx;
        this.host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        this.port = port;
        this.token = token;
        this.rounds = rounds;
        this.agentReady = agentReady;
    }



    @Override
    protected void doStart() {
        if (rounds <= 0) {
            return;
        }
        Thread t = new Thread(this::run, "start-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    @Override
    protected void doStop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        // pi's start is the heaviest CPU work of a start (a node process): the warm-up waits for it,
        // so it does not delay the first answer on a small machine (then runs anyway after a minute);
        // and it waits for the routes: a service starts before them, and a request then finds no route
        long readyBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WAIT_MS);
        try {
            while (!ready() && System.nanoTime() < readyBy) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            return; // stopping
        }
        long t0 = System.nanoTime();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setKeepAlive(true).setMaxPoolSize(1));
        RequestOptions health = new RequestOptions().setMethod(HttpMethod.GET).setURI("/health");
        RequestOptions chat = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/chat")
                .putHeader("Authorization", "Bearer " + token.get()).putHeader("Content-Type", "application/json");
        try {
            int failuresInARow = 0;
            while (completed < rounds && !Thread.currentThread().isInterrupted()) {
                try {
                    await(client, health, null);
                    await(client, chat, Buffer.buffer("{}"));
                    completed++;
                    failuresInARow = 0;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                        throw e;
                    }
                }
            }
            PiLineWarmUp.run(rounds);
            // one full collection now: what the start and the warm-up left behind is garbage
            System.gc();
            LOG.debug("request path warmed up in {} ms ({} rounds)", (System.nanoTime() - t0) / 1_000_000, rounds);
        } catch (Exception e) {
            problem = e.toString();
            LOG.debug("start warm-up ended early: {}", problem); // only speed is at stake
        } finally {
            client.close();
        }
    }

    private boolean ready() {
        CamelContext camel = getCamelContext();
        try {
            return (camel == null || camel.isStarted()) && agentReady.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // the runtime is still being assembled
        }
    }

    /** One request, its response read whole. */
    private static void await(HttpClient client, RequestOptions options, Buffer body) throws Exception {
        Future<Buffer> response = client.request(options)
                .compose(request -> body != null ? request.send(body) : request.send())
                .compose(HttpClientResponse::body);
        response.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Rounds done so far (tests). */
    int completedRounds() {
        return completed;
    }

    /** Why the warm-up ended early, or null (tests, diagnostics). */
    String problem() {
        return problem;
    }
}
