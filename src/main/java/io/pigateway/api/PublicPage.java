package io.pigateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A page the listener serves without sign-in (it holds no secrets and shows the sign-in itself),
 * contributed by a channel module such as WebChat. Reads only: anything else passes the gate.
 */
public interface PublicPage extends Handler<RoutingContext> {
    /** Whether {@code path} is one of the page's files. */
    boolean serves(String path);
}
