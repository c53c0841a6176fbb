package io.pigateway.store;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Camel's cluster service on the shared PostgreSQL store ({@code store.kind: postgres}): one
 * leader per namespace among the gateway instances, by session-level advisory lock. No Camel
 * cluster service fits without extra infrastructure (the file one needs a shared file system;
 * ZooKeeper, Consul, Kubernetes are not there), and the instances already share this database.
 * Each view ({@link PostgresLeaderView}) holds its own connection while it leads.
 */
public final class PostgresClusterService extends AbstractCamelClusterService<PostgresLeaderView> {
    static final long DEFAULT_RETRY_MS = 1_000;

    private final PostgresTarget target;
    private final long retryMs;

    /** @param instanceId how this instance is named in {@code /health} and the logs */
    public PostgresClusterService(PostgresTarget target, String instanceId) {
        this(target, instanceId, DEFAULT_RETRY_MS);
    }

    PostgresClusterService(PostgresTarget target, String instanceId, long retryMs) {
        super(instanceId);
        this.target = target;
        this.retryMs = retryMs;
    }

    @Override
    protected PostgresLeaderView createView(String namespace) {
        return new PostgresLeaderView(this, namespace, target, retryMs);
    }
}
