package io.pigateway.store;

import java.util.List;
import java.util.Optional;

/**
 * Durable gateway state: SQLite under {@code dataDir}, or PostgreSQL shared by several instances
 * ({@code store.kind}; one contract test runs against both). Sessions have their own table; every
 * other feature (update offsets, pairing, cron, dedup) keeps small values in namespaced
 * key/value pairs, so features add state without new interfaces. Thread-safe.
 */
public interface StateStore extends AutoCloseable {

    Optional<SessionRecord> findSession(String key);

    List<SessionRecord> listSessions();

    /** How many sessions there are, without reading them ({@code /health} asks on every probe). */
    int countSessions();

    /** Insert or replace the record with this key. */
    void saveSession(SessionRecord session);

    /** A turn finished: bump counts and last activity (creates nothing if unknown). */
    void recordTurn(String key, int messagesAdded, String model);

    boolean deleteSession(String key);

    Optional<String> get(String namespace, String key);

    void put(String namespace, String key, String value);

    /** Insert only if absent; true when inserted (dedup, pairing codes). */
    boolean putIfAbsent(String namespace, String key, String value);

    boolean delete(String namespace, String key);

    /** Every key/value of a namespace, ordered by key. */
    List<java.util.Map.Entry<String, String>> list(String namespace);

    @Override
    void close();
}
