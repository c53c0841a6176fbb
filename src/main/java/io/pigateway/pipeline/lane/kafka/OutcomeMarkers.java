package io.pigateway.pipeline.lane.kafka;

import io.pigateway.store.StateStore;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "This lane record's outcome was handed over", kept in the shared state store until the record's
 * offset is committed. The commit's metadata tells the next owner what a cleanly leaving owner did;
 * these markers tell it what a crashed owner did but never committed, so an answer handed out just
 * before a kill -9 is not given again. Keys {@code topic-partition@offset} in {@link #NAMESPACE}.
 * Without a shared store ({@link #NONE}) nothing is kept: a crashed owner's uncommitted records run again.
 */
class OutcomeMarkers {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMarkers.class);
    static final String NAMESPACE = "lane.outcome";

    /** No shared store: at least once after a crash, as before. */
    static final OutcomeMarkers NONE = new OutcomeMarkers(null);

    private final StateStore store;
    /** Offsets marked by this instance and not yet pruned, per partition. */
    private final Map<TopicPartition, ConcurrentSkipListSet<Long>> marked = new ConcurrentHashMap<>();

    OutcomeMarkers(StateStore store) {
        this.store = store;
    }

    /** The record's outcome is out: recorded before its offset can be committed. */
    void mark(TopicPartition p, long offset) {
        if (store == null) {
            return;
        }
        try {
            store.put(NAMESPACE, key(p, offset), Long.toString(System.currentTimeMillis()));
            marked.computeIfAbsent(p, k -> new ConcurrentSkipListSet<>()).add(offset);
        } catch (RuntimeException e) { // the commit still covers it unless this instance crashes first
            LOG.warn("Kafka lanes: could not record the outcome of {}@{}: {}", p, offset, e.toString());
        }
    }

    /**
     * The offsets of {@code p} at or above {@code committed} whose outcome a previous owner handed over;
     * markers below it are stale (their commit went through) and are deleted.
     */
    Set<Long> handedOver(TopicPartition p, long committed) {
        Set<Long> done = new TreeSet<>();
        if (store == null) {
            return done;
        }
        String prefix = p.topic() + "-" + p.partition() + "@";
        try {
            for (var e : store.list(NAMESPACE)) {
                if (e.getKey().startsWith(prefix)) {
                    long offset = Long.parseLong(e.getKey().substring(prefix.length()));
                    if (offset >= committed) {
                        done.add(offset);
                    } else {
                        store.delete(NAMESPACE, e.getKey());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Kafka lanes: could not read the recorded outcomes of {}: {}", p, e.toString());
        }
        return done;
    }

    /** {@code p} is committed up to {@code position}: the markers below it are no longer needed. */
    void committed(TopicPartition p, long position) {
        ConcurrentSkipListSet<Long> offsets = marked.get(p);
        if (offsets == null) {
            return;
        }
        Collection<Long> below = offsets.headSet(position);
        for (Long offset : below.toArray(Long[]::new)) {
            try {
                store.delete(NAMESPACE, key(p, offset));
                offsets.remove(offset);
            } catch (RuntimeException e) { // the next owner deletes it when it takes the partition
                LOG.debug("Kafka lanes: could not prune the outcome marker {}@{}: {}", p, offset, e.toString());
                return;
            }
        }
    }

    /** The partition left this instance: what it did not prune is pruned by the next owner. */
    void released(TopicPartition p) {
        marked.remove(p);
    }

    private static String key(TopicPartition p, long offset) {
        return p.topic() + "-" + p.partition() + "@" + offset;
    }
}
