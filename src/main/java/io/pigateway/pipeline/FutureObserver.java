package io.pigateway.pipeline;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.TurnResult;
import java.util.concurrent.CompletableFuture;

/** Completes a future with the turn's final answer, or exceptionally with a {@link TurnFailure}. */
public final class FutureObserver implements TurnObserver {
    private final CompletableFuture<TurnResult> future = new CompletableFuture<>();

    public CompletableFuture<TurnResult> future() {
        return future;
    }

    @Override
    public void onFinal(TurnResult result) {
        future.complete(result);
    }

    @Override
    public void onError(String code, String message) {
        future.completeExceptionally(new TurnFailure(code, message));
    }

    /** A turn that ended without an answer; the message is fit for the user. */
    public static final class TurnFailure extends RuntimeException {
        private final String code;

        public TurnFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
