package io.pigateway.app.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.cluster.ClusterServiceHelper;

/**
 * {@code store.kind: postgres}: {@code pigateway_cluster_leader{role,instance}}, 1 for each leader-only
 * job (telegram-&lt;account&gt;, cron) this instance runs now, 0 for those it follows. Read from the
 * cluster service at scrape time; roles appear as their elections start.
 */
final class LeaderMeters {
    private final MultiGauge leader;
    private final String instance;

    LeaderMeters(MeterRegistry registry, String instance) {
        this.instance = instance;
        this.leader = MultiGauge.builder("pigateway.cluster.leader")
                .description("1 when this instance is the leader of a role (telegram-<account>, cron), else 0")
                .register(registry);
    }

    void refresh(CamelContext camel) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        ClusterServiceHelper.lookupService(camel).ifPresent(cluster -> cluster.getNamespaces().forEach(role ->
                rows.add(MultiGauge.Row.of(Tags.of("role", role, "instance", instance),
                        cluster.isLeader(role) ? 1 : 0))));
        leader.register(rows, true);
    }
}
