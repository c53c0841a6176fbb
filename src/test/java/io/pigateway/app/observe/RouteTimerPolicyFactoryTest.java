package io.pigateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The per-route timer: one meter per route with camel-micrometer's name and tags, a sample per exchange. */
class RouteTimerPolicyFactoryTest extends CamelTestSupport {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                getContext().addRoutePolicyFactory(new RouteTimerPolicyFactory(registry));
                from("direct:outer").routeId("outer").to("direct:inner").to("mock:done");
                from("direct:inner").routeId("inner").delay(20);
                from("direct:failing").routeId("failing").throwException(new IllegalStateException("boom"));
            }
        };
    }

    @Test
    void eachRouteTimesItsOwnExchangesEvenWhenOneExchangePassesThroughSeveral() {
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:outer", "x");
        }
        Timer outer = timer("outer");
        Timer inner = timer("inner");
        assertThat(outer.count()).isEqualTo(3);
        assertThat(inner.count()).isEqualTo(3);
        assertThat(inner.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60);
        assertThat(outer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(inner.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertThat(outer.getId().getTag("camelContext")).isEqualTo(context.getName());
        assertThat(outer.getId().getTag("eventType")).isEqualTo("route");
    }

    @Test
    void aFailedExchangeIsTimedAndItsStartIsNotLeftOnTheExchange() {
        var exchange = template.send("direct:failing", e -> e.getMessage().setBody("x"));
        assertThat(exchange.isFailed()).isTrue();
        assertThat(timer("failing").count()).isEqualTo(1);
        assertThat(exchange.getProperties()).doesNotContainKey("pigateway.routeTimer.failing");
    }

    @Test
    void aRemovedRouteTakesItsMeterWithIt() throws Exception {
        context.getRouteController().stopRoute("inner");
        context.removeRoute("inner");
        assertThat(registry.find("camel.route.policy").tag("routeId", "inner").timer()).isNull();
        assertThat(registry.find("camel.route.policy").tag("routeId", "outer").timer()).isNotNull();
    }

    private Timer timer(String routeId) {
        return registry.get("camel.route.policy").tag("routeId", routeId).timer();
    }
}
