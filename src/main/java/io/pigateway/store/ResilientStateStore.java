package io.pigateway.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway answering when its state store cannot write at run time (a database locked
 * beyond its busy timeout, a full disk, a read-only data dir): a failed write is logged once per
 * kind (the namespace, or {@code sessions}) with what could not be kept, counted, and reported by
 * {@link #failing()} until writes work again (any kind: the database takes writes) with no failure
 * for {@code quietMs}, which is logged as well; {@link #probe} tries one when nothing else writes.
 * The message
 * in hand is still answered; what was not written is not remembered across a restart. Reads pass
 * through (they fail loudly: a read has no harmless default). Wraps any {@link StateStore}.
 */
public final class ResilientStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientStateStore.class);
    static final String SESSIONS = "sessions";
    private static final String PROBE = "store.probe";

    /** A kind of write that fails now: since when, how often, the last error and when it came. */
    public record Failing(long sinceMillis, long failures, String error, long lastMillis) {
    }

    /** Writes must work this long without a failure before the store counts as recovered (no flapping). */
    static final long QUIET_MS = 10_000;
    /** After a refused write, writes fail at once for this long (then one tries). */
    static final long OPEN_MS = 3_000;

    private final StateStore delegate;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final LongAdder failedWrites = new LongAdder();
    private final long quietMs;
    private final long openMs;
    private volatile long lastFailureMillis;
    /** Until when writes fail without being tried; 0 while writes work. */
    private volatile long openUntil;
    private final java.util.concurrent.atomic.AtomicBoolean trying = new java.util.concurrent.atomic.AtomicBoolean();

    public ResilientStateStore(StateStore delegate) {
        this(delegate, QUIET_MS, OPEN_MS);
    }

    /**
     * @param quietMs how long writes must work without a failure before the store counts as recovered
     * @param openMs  how long after a refused write the next ones fail without being tried
     */
    public ResilientStateStore(StateStore delegate, long quietMs, long openMs) {
        this.delegate = delegate;
        this.quietMs = quietMs;
        this.openMs = openMs;
    }

    /** The kinds of writes that fail now (empty when every write works). */
    public Map<String, Failing> failing() {
        return Map.copyOf(failing);
    }

    /**
     * While writes fail, tries a harmless one (the health check calls this), so the store is seen
     * to recover even when no message writes meanwhile.
     */
    public void probe() {
        if (!failing.isEmpty()) {
            write(PROBE, "a probe write", "", () -> {
                delegate.put(PROBE, "last", Long.toString(System.currentTimeMillis()));
                return null;
            }, null);
        }
    }

    /** Writes that failed since the start ({@code /metrics}). */
    public long failedWrites() {
        return failedWrites.sum();
    }

    @Override
    public Optional<SessionRecord> findSession(String key) {
        return delegate.findSession(key);
    }

    @Override
    public List<SessionRecord> listSessions() {
        return delegate.listSessions();
    }

    @Override
    public int countSessions() {
        return delegate.countSessions();
    }

    @Override
    public void saveSession(SessionRecord session) {
        write(SESSIONS, "the session record ", session.key(), () -> {
            delegate.saveSession(session);
            return null;
        }, null);
    }

    @Override
    public void recordTurn(String key, int messagesAdded, String model) {
        write(SESSIONS, "the turn count of ", key, () -> {
            delegate.recordTurn(key, messagesAdded, model);
            return null;
        }, null);
    }

    @Override
    public boolean deleteSession(String key) {
        return write(SESSIONS, "the removal of session ", key, () -> delegate.deleteSession(key), false);
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return delegate.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
        write(namespace, "an entry of ", namespace, () -> {
            delegate.put(namespace, key, value);
            return null;
        }, null);
    }

    /** On a failed write the entry counts as new: the message in hand is handled rather than dropped. */
    @Override
    public boolean putIfAbsent(String namespace, String key, String value) {
        return write(namespace, "an entry of ", namespace, () -> delegate.putIfAbsent(namespace, key, value), true);
    }

    @Override
    public boolean delete(String namespace, String key) {
        return write(namespace, "the removal of an entry of ", namespace, () -> delegate.delete(namespace, key), false);
    }

    @Override
    public List<Map.Entry<String, String>> list(String namespace) {
        return delegate.list(namespace);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Runs one write. While the store refuses writes, they are not each tried (each would wait out
     * SQLite's busy timeout and stall its message): for {@code openMs} after a failure they fail at
     * once, then one write at a time tries; once one works they all go through again. The log names
     * {@code what + subject}, joined only on a failure: writes are on the turn path.
     */
    private <T> T write(String kind, String what, String subject, java.util.function.Supplier<T> work, T fallback) {
        long gate = openUntil; // 0: writes work, as far as we know
        boolean trial = false;
        if (gate != 0) {
            if (System.currentTimeMillis() < gate || !trying.compareAndSet(false, true)) {
                failed(kind, what + subject, "not tried: the store refused a write moments ago", false);
                return fallback;
            }
            trial = true;
        }
        T result;
        try {
            result = work.get();
        } catch (StateStoreException e) {
            failed(kind, what + subject, StoreOpenFailure.rootMessage(e), true);
            openUntil = System.currentTimeMillis() + openMs;
            return fallback;
        } finally {
            if (trial) {
                trying.set(false);
            }
        }
        if (trial) {
            openUntil = 0;
        }
        // recovered: this write worked and none failed for quietMs (a full disk lets some writes through)
        if (!failing.isEmpty() && System.currentTimeMillis() - lastFailureMillis >= quietMs) {
            Map<String, Failing> was = Map.copyOf(failing);
            was.keySet().forEach(failing::remove);
            long failures = was.values().stream().mapToLong(Failing::failures).sum();
            long since = was.values().stream().mapToLong(Failing::sinceMillis).min().orElse(0);
            LOG.warn("The state store persists writes again ({} of {} failed since {})", failures,
                    String.join(", ", new java.util.TreeSet<>(was.keySet())), java.time.Instant.ofEpochMilli(since));
        }
        return result;
    }

    /** Counts a write that was not kept; logs the first of its kind. {@code tried}: the store refused it. */
    private void failed(String kind, String what, String error, boolean tried) {
        failedWrites.increment();
        long now = System.currentTimeMillis();
        if (tried) {
            lastFailureMillis = now;
        }
        Failing before = failing.get(kind);
        failing.put(kind, new Failing(before != null ? before.sinceMillis() : now,
                before != null ? before.failures() + 1 : 1, before != null && !tried ? before.error() : error, now));
        if (before == null) { // once per kind until the store has recovered, not once per message
            LOG.error("The state store could not persist {} ({}); the gateway keeps answering, but {} writes are"
                    + " not kept across a restart until this is fixed. Check that the data dir is writable, the"
                    + " disk has space and no other process holds the database.", what, error, kind);
        }
    }
}
