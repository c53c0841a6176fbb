package io.pigateway.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one turn along a {@link ModelChain}: on the first model that is not cooling down; when the
 * run fails with a provider error (after pi's own retries) it runs again on the same model up to
 * {@code maxRetries} times, then the model cools down for every session and the same turn runs on
 * the next model. Each failed run was taken out of the transcript first
 * ({@link PiPool#promptRewindingFailure}), so the history keeps the user's message once and the
 * user gets one answer. Other failures (bad request, context overflow, auth) and failed runs
 * that did work (a tool ran) are answered as they are.
 */
final class FailoverTurn {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverTurn.class);

    private final ModelChain chain;
    private final ModelHealth health;
    private final Function<String, PiPool> pools;
    private final String sessionKey;
    private final String sessionFile;
    private final String message;
    private final PiEventListener listener;
    private final long timeoutMs;

    FailoverTurn(ModelChain chain, ModelHealth health, Function<String, PiPool> pools, String sessionKey,
                 String sessionFile, String message, PiEventListener listener, long timeoutMs) {
        this.chain = chain;
        this.health = health;
        this.pools = pools;
        this.sessionKey = sessionKey;
        this.sessionFile = sessionFile;
        this.message = message;
        this.listener = listener;
        this.timeoutMs = timeoutMs;
    }

    CompletableFuture<PiTurnResult> run() {
        return attempt(order(), 0, chain.maxRetries());
    }

    /** The models to try now: those not cooling down, in chain order; all of them if every one is. */
    private List<ModelChain.Link> order() {
        List<ModelChain.Link> ready = new ArrayList<>();
        for (ModelChain.Link link : chain.links()) {
            if (health.available(link.model())) {
                ready.add(link);
            }
        }
        return ready.isEmpty() ? chain.links() : ready;
    }

    private CompletableFuture<PiTurnResult> attempt(List<ModelChain.Link> order, int index, int retriesLeft) {
        ModelChain.Link link = order.get(index);
        return pools.apply(link.pool()).promptRewindingFailure(sessionKey, sessionFile, message, listener, timeoutMs)
                .thenCompose(result -> {
                    if (!result.failed()) {
                        health.answered(link.model());
                        return CompletableFuture.completedFuture(result);
                    }
                    if (!result.rewound() || !ProviderErrors.isProviderError(result.errorMessage())) {
                        return CompletableFuture.completedFuture(result); // another model would fail the same way
                    }
                    if (retriesLeft > 0) {
                        LOG.info("session {}: {} failed ({}); running the turn again on it", sessionKey,
                                link.model(), result.errorMessage());
                        return attempt(order, index, retriesLeft - 1);
                    }
                    health.failed(link.model(), chain.cooldownMs());
                    if (index + 1 >= order.size()) {
                        return CompletableFuture.completedFuture(result);
                    }
                    ModelChain.Link next = order.get(index + 1);
                    health.failedOver(link.model());
                    LOG.warn("model failover: session {} from {} to {} (reason: {})", sessionKey, link.model(),
                            next.model(), result.errorMessage());
                    return attempt(order, index + 1, chain.maxRetries());
                });
    }
}
