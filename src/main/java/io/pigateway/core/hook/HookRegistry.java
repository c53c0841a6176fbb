package io.pigateway.core.hook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.GatewayHeaders;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hooks of a {@link HookPoint}: first the Java hooks in registration order, then — when a
 * started Camel route consumes {@code direct:hook-<id>} (e.g. from a YAML file in {@code routes/}) —
 * that route, with the context's map as body. The route may return the map changed (or a JSON
 * object string); {@code text} and {@code cancel: true} are applied. A hook or route that throws
 * is logged and skipped: hooks never break the pipeline. Once a hook cancels, later ones are not run.
 */
public final class HookRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HookRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Map<HookPoint, List<Hook>> hooks = new EnumMap<>(HookPoint.class);
    private volatile CamelContext camel;
    private volatile HookRouteWatch routes;
    private volatile ProducerTemplate template;

    /** Java hooks only. */
    public HookRegistry() {
        this(null);
    }

    /** Java hooks plus {@code direct:hook-<id>} routes of this context. */
    public HookRegistry(CamelContext camel) {
        for (HookPoint point : HookPoint.values()) {
            hooks.put(point, new CopyOnWriteArrayList<>());
        }
        if (camel != null) {
            attach(camel);
        }
    }

    /**
     * Binds the registry to the context whose {@code direct:hook-<id>} routes it calls; for
     * assemblies where the registry exists before the CamelContext.
     */
    public void attach(CamelContext context) {
        HookRouteWatch previous = routes;
        if (previous != null) {
            previous.detach();
        }
        try {
            routes = HookRouteWatch.on(context);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the hook routes of " + context.getName(), e);
        }
        this.camel = context;
        this.template = null;
    }

    /** The endpoint a route consumes to attach to this hook point. */
    public static String endpointUri(HookPoint point) {
        return "direct:hook-" + point.id();
    }

    public void register(HookPoint point, Hook hook) {
        hooks.get(point).add(hook);
    }

    public boolean unregister(HookPoint point, Hook hook) {
        return hooks.get(point).remove(hook);
    }

    /** Runs the hooks on the context and returns it (check {@link HookContext#isCancelled()}). */
    public HookContext run(HookPoint point, HookContext context) {
        for (Hook hook : hooks.get(point)) {
            if (context.isCancelled()) {
                return context;
            }
            try {
                hook.handle(context);
            } catch (Exception e) {
                LOG.warn("Hook {} ({}) failed and was skipped", point.id(), hook.getClass().getName(), e);
            }
        }
        if (!context.isCancelled() && hasRoute(point)) {
            runRoute(point, context);
        }
        return context;
    }

    /** Whether anything (a registered hook or a started hook route) runs at this point. */
    public boolean hasAny(HookPoint point) {
        return !hooks.get(point).isEmpty() || hasRoute(point);
    }

    /** Whether a started route consumes this hook point's endpoint (an array read: asked per message). */
    public boolean hasRoute(HookPoint point) {
        HookRouteWatch watch = routes;
        return watch != null && watch.hasRoute(point);
    }

    private void runRoute(HookPoint point, HookContext context) {
        try {
            Exchange result = producer().request(endpointUri(point), exchange -> {
                exchange.getMessage().setBody(context.toRouteBody());
                exchange.getMessage().setHeader(GatewayHeaders.HOOK, point.id());
                exchange.getMessage().setHeader(GatewayHeaders.SESSION_KEY, context.sessionKey());
            });
            if (result.getException() != null) {
                LOG.warn("Hook route {} failed and was skipped", endpointUri(point), result.getException());
                return;
            }
            Map<String, Object> returned = asMap(result.getMessage().getBody());
            if (returned != null) {
                context.applyRouteResult(returned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Hook route {} failed and was skipped", endpointUri(point), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object body) {
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        if (body instanceof String s && s.strip().startsWith("{")) {
            try {
                return JSON.readValue(s, MAP);
            } catch (Exception e) {
                LOG.warn("Hook route returned text that is not a JSON object; ignored");
            }
        } else if (body instanceof byte[] bytes) {
            return asMap(new String(bytes, StandardCharsets.UTF_8));
        }
        return null;
    }

    private ProducerTemplate producer() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
