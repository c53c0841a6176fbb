package io.pigateway.pipeline;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * Forgets dedupe entries older than {@link #KEEP} at start and then every {@link #EVERY}: pruning
 * only at start let a long-running gateway keep every message id it ever saw.
 */
public final class DedupePruneRoute extends RouteBuilder {
    public static final String ROUTE_ID = "dedupe-prune";
    /** No platform redelivers later than this. */
    static final Duration KEEP = Duration.ofDays(2);
    static final Duration EVERY = Duration.ofHours(6);

    private final InboundDedupe dedupe;

    public DedupePruneRoute(InboundDedupe dedupe) {
        this.dedupe = dedupe;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?delay=0&period=" + EVERY.toMillis()).routeId(ROUTE_ID)
                .process(exchange -> dedupe.prune(KEEP));
    }
}
