package io.pigateway.cron;

import org.apache.camel.builder.RouteBuilder;

/**
 * Cron as routes: the {@code cron-job} route template every job is made from (a {@code quartz:}
 * consumer named {@code cron-<id>} that tags the exchange with its job and hands it to
 * {@code direct:cron-fire}), the route that starts the job's run, and a timer that picks up
 * config reloads.
 */
final class CronRoutes extends RouteBuilder {
    static final String TEMPLATE = "cron-job";
    static final String FIRE = "direct:cron-fire";
    /** Header: the id of the job whose trigger fired. */
    static final String JOB = "PiGatewayCronJob";

    private final CronScheduler scheduler;
    private final long configCheckMs;

    CronRoutes(CronScheduler scheduler, long configCheckMs) {
        this.scheduler = scheduler;
        this.configCheckMs = configCheckMs;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("id", null, "the job id")
                .templateParameter("uri", null, "the quartz: endpoint of its schedule (see Schedules)")
                .from("{{uri}}")
                .setHeader(JOB, constant("{{id}}"))
                .to(FIRE);

        // the run itself is asynchronous: a Quartz thread never waits for pi
        from(FIRE).routeId("cron-fire")
                .process(ex -> scheduler.fired(ex.getMessage().getHeader(JOB, String.class)));

        from("timer:cron-config?delay=" + configCheckMs + "&period=" + configCheckMs).routeId("cron-config-watch")
                .process(ex -> scheduler.reconcileIfChanged());
    }
}
