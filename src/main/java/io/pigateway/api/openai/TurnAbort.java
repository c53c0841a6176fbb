package io.pigateway.api.openai;

import io.pigateway.api.ControlPlane;
import io.vertx.core.http.HttpServerResponse;

/**
 * Aborts a request's turn when its client goes away before the answer (as WebChat's stop does):
 * at once if the turn runs, else as soon as it starts (a queued message cannot be taken back).
 * Without this a closed stream would keep pi and the model busy for an answer nobody reads.
 */
final class TurnAbort {
    private final ControlPlane control;
    private final String sessionKey;
    private boolean started;
    private boolean finished;
    private boolean gone;

    TurnAbort(ControlPlane control, String sessionKey, HttpServerResponse response) {
        this.control = control;
        this.sessionKey = sessionKey;
        response.closeHandler(v -> clientGone());
    }

    /** The turn started; aborts it if the client already left. */
    void started() {
        boolean abort;
        synchronized (this) {
            started = true;
            abort = gone && !finished;
        }
        if (abort) {
            control.abort(sessionKey);
        }
    }

    /** The answer was written (or failed): a later close is the normal end. */
    synchronized void finished() {
        finished = true;
    }

    private void clientGone() {
        boolean abort;
        synchronized (this) {
            gone = true;
            abort = started && !finished;
        }
        if (abort) {
            control.abort(sessionKey);
        }
    }
}
