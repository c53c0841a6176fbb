package io.pigateway.app.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigateway.config.ClusterConfig;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.pipeline.lane.kafka.KafkaLanes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cluster.mode: kafka}: the partitions of the lanes topic this instance owns and their lag
 * (log end minus the group's committed offset, summed), tagged with the instance id. The lag is read
 * with an admin client at scrape time and kept for {@link #CACHE_NANOS}, never on the turn path. A
 * class of its own so that a standalone gateway loads no Kafka class.
 */
final class KafkaLaneMeters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLaneMeters.class);
    static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long TIMEOUT_MS = 2_000;

    private final ClusterConfig cluster;
    private final LaneComponent lane;
    private Admin admin;
    private long readAt;
    private double lag = Double.NaN;

    private KafkaLaneMeters(ClusterConfig cluster, LaneComponent lane) {
        this.cluster = cluster;
        this.lane = lane;
    }

    static KafkaLaneMeters register(MeterRegistry registry, ClusterConfig cluster, LaneComponent lane) {
        KafkaLaneMeters meters = new KafkaLaneMeters(cluster, lane);
        Gauge.builder("pigateway.cluster.partitions.owned", meters, m -> m.owned().size())
                .description("partitions of the lanes topic this instance owns").tag("instance", cluster.instanceId())
                .register(registry);
        Gauge.builder("pigateway.cluster.lag", meters, KafkaLaneMeters::lag)
                .description("lane messages on this instance's partitions not yet committed (log end - committed)")
                .tag("instance", cluster.instanceId()).register(registry);
        return meters;
    }

    private Set<TopicPartition> owned() {
        return lane.getTransport() instanceof KafkaLanes kafka ? kafka.ownedPartitions() : Set.of();
    }

    private synchronized double lag() {
        long now = System.nanoTime();
        if (readAt != 0 && now - readAt < CACHE_NANOS) {
            return lag;
        }
        readAt = now;
        Set<TopicPartition> owned = owned();
        try {
            lag = owned.isEmpty() ? 0 : readLag(owned);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Kafka lanes: reading the lag failed: {}", e.toString());
            lag = Double.NaN; // unknown, not zero: a broker out of reach must not look like no backlog
        }
        return lag;
    }

    private double readLag(Set<TopicPartition> owned) throws Exception {
        Admin a = admin();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        owned.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = a.listOffsets(latest).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(cluster.kafka().groupId())
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> neverCommitted = new HashMap<>();
        long sum = 0;
        for (TopicPartition p : owned) {
            OffsetAndMetadata c = committed.get(p);
            if (c == null) {
                neverCommitted.put(p, OffsetSpec.earliest()); // the group starts there (auto.offset.reset earliest)
            } else {
                sum += Math.max(0, ends.get(p).offset() - c.offset());
            }
        }
        if (!neverCommitted.isEmpty()) {
            for (var e : a.listOffsets(neverCommitted).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).entrySet()) {
                sum += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
            }
        }
        return sum;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrapServers(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "pi-gateway-metrics-" + cluster.instanceId(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
