package io.pigateway.app.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /metrics}: the Prometheus text format of the gateway's registry (Camel's route
 * meters, {@code pigateway_*}, JVM). Behind the gateway token like the API, unless
 * {@code metrics.public} put the path on the public list.
 */
final class MetricsRoutes extends RouteBuilder {
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final GatewayGauges gauges;
    private final LeaderMeters leaders;

    /** @param leaders the leader roles' meters, or null when there is no election (standalone) */
    MetricsRoutes(PrometheusMeterRegistry registry, GatewayGauges gauges, LeaderMeters leaders) {
        this.registry = registry;
        this.gauges = gauges;
        this.leaders = leaders;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET").routeId("api-metrics").process(ex -> {
            gauges.refresh();
            if (leaders != null) {
                leaders.refresh(getContext());
            }
            ex.getMessage().removeHeaders("*"); // nothing of the request is echoed back
            ex.getMessage().setBody(registry.scrape());
            ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            ex.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        });
    }
}
