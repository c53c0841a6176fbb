package io.pigateway.pipeline.lane.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of the lanes topic on one instance, in the consumer group all instances share.
 * It hands each record to the local lanes and never waits for a turn, except when a partition
 * moves away: then no queued record of it starts here any more, the turns already running get
 * {@code drainTimeout} to end, and what is done is committed before the partition is released.
 * Offsets are committed only for records whose outcome is out ({@link PartitionLedger}); with a
 * shared store, a record whose outcome is out is also marked there until committed ({@link OutcomeMarkers}).
 */
final class LanePartitions implements Runnable, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(LanePartitions.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Takes one record in; the ledger decides when it may be committed. */
    interface Sink {
        void deliver(ConsumerRecord<String, String> record, PartitionLedger ledger);
    }

    private final Consumer<String, String> consumer;
    private final String topic;
    private final Sink sink;
    private final Duration drainTimeout;
    private final OutcomeMarkers markers;
    private final Map<TopicPartition, PartitionLedger> ledgers = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    LanePartitions(Consumer<String, String> consumer, String topic, Sink sink, Duration drainTimeout,
                   OutcomeMarkers markers) {
        this.consumer = consumer;
        this.markers = markers;
        this.topic = topic;
        this.sink = sink;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (running) {
                commitDone();
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    PartitionLedger ledger = ledgers.get(new TopicPartition(record.topic(), record.partition()));
                    if (ledger != null && ledger.receive(record.offset())) {
                        sink.deliver(record, ledger);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            LOG.error("The Kafka lanes consumer stopped: {}", e.toString(), e);
        } finally {
            try {
                onPartitionsRevoked(new HashSet<>(ledgers.keySet())); // a clean leave: drain and commit first
            } finally {
                consumer.close();
            }
        }
    }

    /** Ends the loop; the loop's thread drains, commits and leaves the group. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** The partitions this instance owns now (for /health). */
    Set<TopicPartition> owned() {
        return Set.copyOf(ledgers.keySet());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition p : partitions) {
            OffsetAndMetadata last = committed.get(p);
            ledgers.put(p, new PartitionLedger(last, markers.handedOver(p, last != null ? last.offset() : 0)));
        }
        LOG.info("Kafka lanes: took partitions {}", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionLedger> leaving = new HashMap<>();
        for (TopicPartition p : partitions) {
            PartitionLedger ledger = ledgers.get(p);
            if (ledger != null) {
                ledger.disown(); // fence: nothing queued of it starts here from now on
                leaving.put(p, ledger);
            }
        }
        if (leaving.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            for (Map.Entry<TopicPartition, PartitionLedger> e : leaving.entrySet()) {
                if (!e.getValue().awaitRunning(deadline)) {
                    LOG.warn("Kafka lanes: turns of {} still run after {}; the next owner may run them again",
                            e.getKey(), drainTimeout);
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        commit(leaving, true);
        leaving.keySet().forEach(p -> {
            ledgers.remove(p);
            markers.released(p);
        });
        LOG.info("Kafka lanes: released partitions {}", leaving.keySet());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // already someone else's: no commit is possible, only stop starting their records
        for (TopicPartition p : partitions) {
            PartitionLedger ledger = ledgers.remove(p);
            if (ledger != null) {
                ledger.disown();
            }
            markers.released(p);
        }
        LOG.warn("Kafka lanes: lost partitions {}", partitions);
    }

    private void commitDone() {
        commit(ledgers, false);
    }

    private void commit(Map<TopicPartition, PartitionLedger> which, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        which.forEach((p, ledger) -> {
            OffsetAndMetadata o = ledger.takeCommit(sync); // a leave commits even if an async commit failed
            if (o != null) {
                offsets.put(p, o);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                try {
                    consumer.commitSync(offsets);
                } catch (WakeupException e) {
                    consumer.commitSync(offsets); // stop()'s wakeup was still pending: it is used up now
                }
                offsets.forEach((p, o) -> markers.committed(p, o.offset()));
            } else {
                consumer.commitAsync(offsets, (done, e) -> {
                    if (e == null) {
                        done.forEach((p, o) -> markers.committed(p, o.offset()));
                    } else { // e.g. during a rebalance: the next loop tries again
                        LOG.debug("Kafka lanes: a commit failed ({}); retrying", e.toString());
                        offsets.keySet().forEach(p -> {
                            PartitionLedger ledger = ledgers.get(p);
                            if (ledger != null) {
                                ledger.commitAgain();
                            }
                        });
                    }
                });
            }
        } catch (KafkaException e) {
            LOG.warn("Kafka lanes: committing {} failed: {}", offsets.keySet(), e.toString());
        }
    }
}
