package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.store.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prune runs as a route of its own, at start and then on its timer, and keeps what is recent. */
class DedupePruneRouteTest extends CamelTestSupport {
    private SqliteStateStore store;

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        store = SqliteStateStore.open(Files.createTempDirectory("dedupe-prune"));
        store.put(InboundDedupe.NAMESPACE, "telegram:default:7:old", Instant.now().minus(Duration.ofDays(3)).toString());
        store.put(InboundDedupe.NAMESPACE, "telegram:default:7:new", Instant.now().minus(Duration.ofHours(1)).toString());
        return new DedupePruneRoute(new InboundDedupe(store));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void entriesOlderThanTwoDaysGoAtStartRecentOnesStay() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.get(InboundDedupe.NAMESPACE, "telegram:default:7:old").isEmpty());
        assertThat(store.get(InboundDedupe.NAMESPACE, "telegram:default:7:new")).isPresent();
        assertThat(context.getRoute(DedupePruneRoute.ROUTE_ID).getEndpoint().getEndpointUri())
                .contains("period=" + Duration.ofHours(6).toMillis());
    }
}
