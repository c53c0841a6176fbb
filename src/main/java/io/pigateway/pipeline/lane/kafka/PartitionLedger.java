package io.pigateway.pipeline.lane.kafka;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What became of the records of one partition while this instance owns it. Turns of different
 * sessions end out of order, so the committed offset is the lowest record not yet done; records
 * done above it travel in the commit's metadata, and the next owner skips them (nothing twice).
 * Thread-safe: records arrive on the poll thread, turns end on pool threads.
 */
final class PartitionLedger {
    /** Kafka keeps up to 4096 bytes of commit metadata by default; above that only the offset is committed. */
    private static final int MAX_METADATA = 4000;
    private static final String PREFIX = "done:";

    private final TreeSet<Long> pending = new TreeSet<>();
    private final TreeSet<Long> doneAhead = new TreeSet<>();
    private final Set<Long> running = new HashSet<>();
    private final Set<Long> doneBefore;
    private long next = -1;
    private boolean owned = true;
    private boolean dirty;

    /** @param committed the partition's last commit (null if none): its metadata lists records already done */
    PartitionLedger(OffsetAndMetadata committed) {
        this(committed, Set.of());
    }

    /** @param handedOver records above the commit whose outcome a crashed owner recorded ({@link OutcomeMarkers}) */
    PartitionLedger(OffsetAndMetadata committed, Set<Long> handedOver) {
        doneBefore = parse(committed);
        doneBefore.addAll(handedOver);
    }

    /** A record arrived; false when a previous owner already ran it (it counts as done). */
    synchronized boolean receive(long offset) {
        next = Math.max(next, offset + 1);
        if (doneBefore.remove(offset)) {
            markDone(offset);
            return false;
        }
        pending.add(offset);
        return true;
    }

    /** The record's turn is about to start (or it joins one): only while the partition is still ours. */
    synchronized boolean claim(long offset) {
        if (!owned || !pending.contains(offset)) {
            return false;
        }
        running.add(offset);
        return true;
    }

    /** The record's outcome is out (answered, or told why not): it may be committed. */
    synchronized void done(long offset) {
        if (pending.remove(offset)) {
            running.remove(offset);
            markDone(offset);
            notifyAll();
        }
    }

    private void markDone(long offset) {
        doneAhead.add(offset);
        long position = position();
        doneAhead.headSet(position).clear();
        dirty = true;
    }

    /** The last commit did not go through: the next {@link #takeCommit} makes it again. */
    synchronized void commitAgain() {
        dirty = true;
    }

    /** The partition moved away: no record of it starts here any more. */
    synchronized void disown() {
        owned = false;
    }

    synchronized boolean owned() {
        return owned;
    }

    /** Waits until no claimed record runs (or the deadline): their outcome is committed before the partition moves. */
    synchronized boolean awaitRunning(long deadlineNanos) throws InterruptedException {
        while (!running.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /** The commit to make now, or null when nothing changed since the last one (unless {@code always}). */
    synchronized OffsetAndMetadata takeCommit(boolean always) {
        if (next < 0 || !(dirty || always)) {
            return null;
        }
        dirty = false;
        long position = position();
        String metadata = doneAhead.isEmpty() ? "" : PREFIX + doneAhead.stream().map(o -> Long.toString(o - position))
                .collect(Collectors.joining(","));
        return new OffsetAndMetadata(position, metadata.length() <= MAX_METADATA ? metadata : "");
    }

    private long position() {
        return pending.isEmpty() ? next : pending.first();
    }

    private static Set<Long> parse(OffsetAndMetadata committed) {
        Set<Long> done = new HashSet<>();
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(PREFIX)) {
            return done;
        }
        for (String delta : committed.metadata().substring(PREFIX.length()).split(",")) {
            if (!delta.isBlank()) {
                done.add(committed.offset() + Long.parseLong(delta.trim()));
            }
        }
        return done;
    }
}
