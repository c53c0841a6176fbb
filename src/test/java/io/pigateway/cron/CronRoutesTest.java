package io.pigateway.cron;

import io.pigateway.config.CronConfig.Schedule;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The {@code cron-job} route template on real Quartz: a job route made at runtime fires into
 * {@code direct:cron-fire} tagged with its job id, and an {@code every} trigger made once the
 * scheduler runs waits its first interval (the delay Quartz ignores before the scheduler starts,
 * which the scheduler's own guard covers).
 */
class CronRoutesTest extends CamelTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // a scheduler that knows no job: its fired() ignores the fires this test watches
        return new CronRoutes(new CronScheduler(null, null, null, null, null, null));
    }

    @Test
    void aJobRouteFromTheTemplateFiresWithItsIdAfterOneInterval() throws Exception {
        // the scheduler runs once a first quartz route started
        context.addRouteFromTemplate("cron-warmup", CronRoutes.TEMPLATE,
                Map.of("id", "warmup", "uri", Schedules.quartzUri("warmup", new Schedule("cron", "0 0 0 1 1 ?", null))));
        org.awaitility.Awaitility.await().until(() -> context.getComponent("quartz",
                org.apache.camel.component.quartz.QuartzComponent.class).getScheduler().isStarted());
        AdviceWith.adviceWith(context, "cron-fire", a -> a.weaveAddFirst().to("mock:fired"));
        MockEndpoint fired = getMockEndpoint("mock:fired");
        fired.reset();
        fired.expectedHeaderReceived(CronRoutes.JOB, "tick");

        long created = System.currentTimeMillis();
        context.addRouteFromTemplate("cron-tick", CronRoutes.TEMPLATE,
                Map.of("id", "tick", "uri", Schedules.quartzUri("tick", new Schedule("every", "1500ms", null))));
        fired.setMinimumExpectedMessageCount(1);
        fired.assertIsSatisfied(10_000);
        long first = fired.getReceivedExchanges().get(0).getClock().getCreated();
        org.assertj.core.api.Assertions.assertThat(first - created).as("first fire after one interval")
                .isGreaterThanOrEqualTo(1400);
        org.assertj.core.api.Assertions.assertThat(context.getRoute("cron-tick")).isNotNull();
        context.getRouteController().stopRoute("cron-tick");
        context.removeRoute("cron-tick");
        org.assertj.core.api.Assertions.assertThat(context.getRoute("cron-tick")).isNull();
    }
}
