package io.pigateway.api;

import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What modules add to the gateway's one HTTP listener while they register: paths that carry no
 * gateway token (each authenticates itself), a page served without sign-in, Vert.x handlers
 * mounted right after the gate, and error shapes by path prefix. Read once when the listener starts, after every module registered.
 */
public final class HttpSurface {
    private final Set<String> publicPaths = new LinkedHashSet<>();
    private final List<Consumer<Router>> handlers = new ArrayList<>();
    private PublicPage page;
    private final ErrorShapes errorShapes = new ErrorShapes();

    public synchronized void addPublicPaths(Set<String> paths) {
        publicPaths.addAll(paths);
    }

    public synchronized Set<String> publicPaths() {
        return Set.copyOf(publicPaths);
    }

    public synchronized void addHandlers(Consumer<Router> mount) {
        handlers.add(mount);
    }

    public synchronized Consumer<Router> handlers() {
        List<Consumer<Router>> all = List.copyOf(handlers);
        return router -> all.forEach(h -> h.accept(router));
    }

    /** Error answers under {@code pathPrefix} in another API's shape (auth refusals, 404, 405 included). */
    public void addErrorShape(String pathPrefix, ErrorShapes.Shape shape) {
        errorShapes.add(pathPrefix, shape);
    }

    public ErrorShapes errorShapes() {
        return errorShapes;
    }

    public synchronized void setPage(PublicPage page) {
        if (this.page != null && page != null) {
            throw new IllegalStateException("two modules serve the page at /");
        }
        this.page = page;
    }

    public synchronized PublicPage page() {
        return page;
    }
}
