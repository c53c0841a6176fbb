package io.pigateway.core.cluster;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that must run on one gateway instance at a time (a poller, a platform connection, a
 * scheduler) follows the leadership of a namespace of Camel's cluster service: started when this
 * instance becomes the leader, stopped when it stops being one. Without a cluster service (one
 * gateway, the default) the work starts at once, as before: no election, no cost.
 */
public final class LeaderOnly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderOnly.class);

    private final Runnable start;
    private final Runnable stop;
    private final CamelClusterService service;
    private final CamelClusterView view;
    private final CamelClusterEventListener.Leadership listener;
    private boolean running;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LeaderOnly(CamelClusterService service, String namespace, Runnable start, Runnable stop) throws Exception {
        this.start = start;
        this.stop = stop;
        this.service = service;
        this.view = service != null ? service.getView(namespace) : null;
        this.listener = (v, leader) -> follow(leader);
    }

    /**
     * Runs {@code start} now (standalone) or whenever this instance becomes the leader of
     * {@code namespace}, and {@code stop} when it stops leading or the handle is closed.
     */
    public static LeaderOnly run(CamelContext camel, String namespace, Runnable start, Runnable stop) {
        Optional<CamelClusterService> cluster = camel != null ? ClusterServiceHelper.lookupService(camel) : Optional.empty();
        try {
            LeaderOnly handle = new LeaderOnly(cluster.orElse(null), namespace, start, stop);
            if (handle.view == null) {
                handle.follow(null);
            } else {
                handle.view.addEventListener(handle.listener);
                if (handle.view.getLocalMember().isLeader()) { // already leading: no event comes
                    handle.follow(handle.view.getLocalMember());
                }
            }
            return handle;
        } catch (Exception e) {
            throw new IllegalStateException("could not join the leader election of " + namespace, e);
        }
    }

    /** Whether the context elects leaders (several instances share the state), or runs standalone. */
    public static boolean clustered(CamelContext camel) {
        return camel != null && ClusterServiceHelper.lookupService(camel).isPresent();
    }

    /** {@code leader} null: standalone, start; else start when it is us, stop when it is not. */
    private synchronized void follow(CamelClusterMember leader) {
        boolean lead = view == null || leader != null && leader.isLocal();
        if (lead && !running) {
            running = true;
            start.run();
        } else if (!lead && running) {
            running = false;
            stop.run();
        }
    }

    /** Leaves the election (outside this monitor: the view's timer may be calling {@link #follow}) and stops. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (view != null) {
            view.removeEventListener(listener);
            try {
                service.releaseView(view);
            } catch (Exception e) {
                LOG.warn("could not leave the leader election of {}: {}", view.getNamespace(), e.getMessage());
            }
        }
        synchronized (this) {
            if (running) {
                running = false;
                stop.run();
            }
        }
    }
}
