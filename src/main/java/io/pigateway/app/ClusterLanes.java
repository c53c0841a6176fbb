package io.pigateway.app;

import io.pigateway.config.ClusterConfig;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.pipeline.lane.LaneComponent;
import io.pigateway.pipeline.lane.kafka.KafkaLanes;
import io.pigateway.store.StateStore;
import java.util.function.Function;
import org.apache.camel.Service;

/**
 * {@code cluster.mode: kafka}: puts the Kafka transport under the {@code lane:} component. A class of
 * its own so that a standalone gateway never loads a Kafka class (the JVM loads this one, and
 * through it camel-kafka and kafka-clients, only when it is called).
 */
final class ClusterLanes {

    private ClusterLanes() {
    }

    /** The transport, set on {@code lane}; register the returned service so it starts and stops with the gateway. */
    /** @param sharedStore the store all instances share ({@code store.kind: postgres}), else null */
    static Service attach(ClusterConfig cluster, LaneComponent lane, LaneDispatcher lanes,
                          Function<InboundMessage, TurnObserver> channelAnswer, StateStore sharedStore) {
        KafkaLanes kafka = new KafkaLanes(cluster, lanes, channelAnswer);
        if (sharedStore != null) {
            kafka.withSharedStore(sharedStore); // exactly one answer after a crash, not at least one
        }
        lane.setTransport(kafka);
        return kafka;
    }
}
