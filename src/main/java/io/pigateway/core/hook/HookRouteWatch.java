package io.pigateway.core.hook;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Which hook points a started route consumes ({@code direct:hook-<id>}), recomputed on Camel's
 * route events (added, started, stopped, removed, reloaded) instead of on every question: the
 * pipeline asks for each message and each outbound update, and looking the endpoint up and listing
 * the routes each time allocates.
 */
final class HookRouteWatch extends SimpleEventNotifierSupport {
    private final CamelContext camel;
    private volatile boolean[] routed = new boolean[HookPoint.values().length];

    private HookRouteWatch(CamelContext camel) {
        this.camel = camel;
        setIgnoreExchangeEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreCamelContextInitEvents(true);
    }

    /** A watch on {@code camel}'s routes, registered and started. */
    static HookRouteWatch on(CamelContext camel) throws Exception {
        HookRouteWatch watch = new HookRouteWatch(camel);
        camel.getManagementStrategy().addEventNotifier(watch);
        camel.addService(watch, true, true); // started now (events are delivered to started notifiers only)
        watch.refresh();
        return watch;
    }

    boolean hasRoute(HookPoint point) {
        return routed[point.ordinal()];
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteEvent || event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        refresh();
    }

    private void refresh() {
        boolean[] now = new boolean[HookPoint.values().length];
        for (HookPoint point : HookPoint.values()) {
            now[point.ordinal()] = started(point);
        }
        routed = now;
    }

    private boolean started(HookPoint point) {
        Endpoint endpoint = camel.hasEndpoint(HookRegistry.endpointUri(point));
        if (endpoint == null) {
            return false;
        }
        for (Route route : camel.getRoutes()) {
            // Camel reports a route started while its status still says Starting
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getId());
            if (route.getEndpoint() == endpoint && status != null && (status.isStarted() || status.isStarting())) {
                return true;
            }
        }
        return false;
    }

    void detach() {
        camel.getManagementStrategy().removeEventNotifier(this);
        ServiceHelper.stopService(this);
    }
}
