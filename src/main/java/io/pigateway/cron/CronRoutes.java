package io.pigateway.cron;

import org.apache.camel.builder.RouteBuilder;

/**
 * Cron as routes: the {@code cron-job} route template every job is made from (a {@code quartz:}
 * consumer named {@code cron-<id>} that tags the exchange with its job and hands it to
 * {@code direct:cron-fire}) and the route that starts the job's run. A config reload reaches the
 * scheduler directly ({@link CronService#configReloaded}), not through a route.
 */
final class CronRoutes extends RouteBuilder {
    static final String TEMPLATE = "cron-job";
    static final String FIRE = "direct:cron-fire";
    /** Header: the id of the job whose trigger fired. */
    static final String JOB = "PiGatewayCronJob";

    private final CronScheduler scheduler;

    CronRoutes(CronScheduler scheduler) {
        this.scheduler = scheduler;
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
    }
}
