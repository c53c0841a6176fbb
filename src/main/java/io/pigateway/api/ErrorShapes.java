package io.pigateway.api;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How error answers look under each path prefix: the gateway's own {@code {"error":{"code",
 * "message"}}} everywhere, unless an API family that imitates another service (the OpenAI API
 * under {@code /v1/}) registered its own shape. The auth gate and the 404/405 answers use it, so
 * such a client hears "wrong key" in the words its SDK understands.
 */
public final class ErrorShapes {

    /** Writes one error answer; may be called from any thread, first answer wins. */
    @FunctionalInterface
    public interface Shape {
        void write(RoutingContext rc, int status, String code, String message);
    }

    /** The gateway's own shape. */
    public static final Shape GATEWAY = VertxJson::error;

    private final Map<String, Shape> byPrefix = new LinkedHashMap<>();

    public synchronized void add(String pathPrefix, Shape shape) {
        byPrefix.put(pathPrefix, shape);
    }

    /** The shape for a request path: the longest registered prefix, else {@link #GATEWAY}. */
    public synchronized Shape forPath(String path) {
        Shape best = GATEWAY;
        int bestLength = -1;
        for (Map.Entry<String, Shape> e : byPrefix.entrySet()) {
            if (path != null && path.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        return best;
    }
}
