package io.pigateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of one namespace (e.g. {@code telegram-default}): every {@code retryMs} a follower
 * tries {@code pg_try_advisory_lock} on a connection of its own, and the leader checks that this
 * connection is still alive. PostgreSQL drops a session's advisory locks when the session ends, so
 * a leader that dies (or whose connection is cut) frees the lock for the next follower's try; a
 * leader that finds its connection gone gives up leadership at once, before it could overlap much
 * with the next one. Only this instance's role is known: the view lists the local member only.
 */
public final class PostgresLeaderView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeaderView.class);
    /** The first key of the two-int advisory lock: ours, so other users of the database do not collide. */
    private static final int LOCK_CLASS = 0x70_69_67_77; // "pigw"
    private static final int ALIVE_TIMEOUT_SECONDS = 2;

    private final PostgresTarget target;
    private final long retryMs;
    private final LocalMember local;
    private ScheduledExecutorService timer;
    private Connection connection;
    private volatile boolean leader;

    PostgresLeaderView(CamelClusterService service, String namespace, PostgresTarget target, long retryMs) {
        super(service, namespace);
        this.target = target;
        this.retryMs = retryMs;
        this.local = new LocalMember(service.getId());
    }

    @Override
    protected void doStart() {
        timer = getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "leader-" + getNamespace());
        timer.scheduleWithFixedDelay(this::check, 0, retryMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(timer);
            timer = null;
        }
        synchronized (this) {
            closeConnection(); // ends the session: the lock is free for the next instance now
            if (leader) {
                LOG.info("{} hands over {}: stopping", local.getId(), getNamespace());
            }
            lose(null);
        }
    }

    /** The timer's step: a follower tries to lead, a leader checks it still does. */
    synchronized void check() {
        try {
            if (leader) {
                if (!connection.isValid(ALIVE_TIMEOUT_SECONDS)) {
                    closeConnection();
                    lose("its database connection was lost");
                }
                return;
            }
            if (connection == null || !connection.isValid(ALIVE_TIMEOUT_SECONDS)) {
                closeConnection();
                connection = target.connect();
                expireWhenSilent(connection);
            }
            if (tryLock()) {
                leader = true;
                LOG.info("{} leads {}", local.getId(), getNamespace());
                fireLeadershipChangedEvent(local);
            }
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            lose("the database is unreachable (" + e.getMessage() + ")");
        }
    }

    /**
     * A leader whose host vanishes sends no FIN: the server would keep its session, and the lock,
     * until TCP keepalive notices (hours by default). The leader speaks every {@code retryMs}, so
     * a session silent for 10 of those (at least 10 s: room for a long GC pause or a slow hand-over)
     * is ended by the server itself (PostgreSQL 14+).
     */
    private void expireWhenSilent(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("SET idle_session_timeout = " + Math.max(10_000, 10 * retryMs));
        } catch (SQLException e) {
            LOG.info("PostgreSQL before 14: a vanished leader's lock lasts until TCP keepalive ends its session ({})",
                    e.getMessage());
        }
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, getNamespace().hashCode()); // String.hashCode is the same on every JVM
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** @param why null for a planned hand-over (logged by the caller) */
    private void lose(String why) {
        if (leader) {
            leader = false;
            if (why != null) {
                LOG.warn("{} no longer leads {}: {}", local.getId(), getNamespace(), why);
            }
            fireLeadershipChangedEvent(Optional.empty());
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the leader connection of {} failed", getNamespace(), e);
            }
            connection = null;
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    private final class LocalMember implements CamelClusterMember {
        private final String id;

        LocalMember(String id) {
            this.id = id;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
