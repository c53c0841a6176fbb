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
 * {@link #failing()} until a write of that kind works again, which is logged as well. The message
 * in hand is still answered; what was not written is not remembered across a restart. Reads pass
 * through (they fail loudly: a read has no harmless default). Wraps any {@link StateStore}.
 */
public final class ResilientStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientStateStore.class);
    static final String SESSIONS = "sessions";

    /** A kind of write that fails now: since when, how often, the last error. */
    public record Failing(long sinceMillis, long failures, String error) {
    }

    private final StateStore delegate;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final LongAdder failedWrites = new LongAdder();

    public ResilientStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    /** The kinds of writes that fail now (empty when every write works). */
    public Map<String, Failing> failing() {
        return Map.copyOf(failing);
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
        write(SESSIONS, "the session record " + session.key(), () -> {
            delegate.saveSession(session);
            return null;
        }, null);
    }

    @Override
    public void recordTurn(String key, int messagesAdded, String model) {
        write(SESSIONS, "the turn count of " + key, () -> {
            delegate.recordTurn(key, messagesAdded, model);
            return null;
        }, null);
    }

    @Override
    public boolean deleteSession(String key) {
        return write(SESSIONS, "the removal of session " + key, () -> delegate.deleteSession(key), false);
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return delegate.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
        write(namespace, "an entry of " + namespace, () -> {
            delegate.put(namespace, key, value);
            return null;
        }, null);
    }

    /** On a failed write the entry counts as new: the message in hand is handled rather than dropped. */
    @Override
    public boolean putIfAbsent(String namespace, String key, String value) {
        return write(namespace, "an entry of " + namespace, () -> delegate.putIfAbsent(namespace, key, value), true);
    }

    @Override
    public boolean delete(String namespace, String key) {
        return write(namespace, "the removal of an entry of " + namespace, () -> delegate.delete(namespace, key), false);
    }

    @Override
    public List<Map.Entry<String, String>> list(String namespace) {
        return delegate.list(namespace);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T write(String kind, String what, java.util.function.Supplier<T> work, T fallback) {
        T result;
        try {
            result = work.get();
        } catch (StateStoreException e) {
            failedWrites.increment();
            String error = StoreOpenFailure.rootMessage(e);
            Failing before = failing.get(kind);
            failing.put(kind, new Failing(before != null ? before.sinceMillis() : System.currentTimeMillis(),
                    before != null ? before.failures() + 1 : 1, error));
            if (before == null) { // once per kind until it works again, not once per message
                LOG.error("The state store could not persist {} ({}); the gateway keeps answering, but {} writes are"
                        + " not kept across a restart until this is fixed. Check that the data dir is writable, the"
                        + " disk has space and no other process holds the database.", what, error, kind);
            }
            return fallback;
        }
        Failing was = failing.remove(kind);
        if (was != null) {
            LOG.warn("The state store persists {} writes again ({} failed since {})", kind, was.failures(),
                    java.time.Instant.ofEpochMilli(was.sinceMillis()));
        }
        return result;
    }
}
