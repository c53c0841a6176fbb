package io.pigateway.api;

import io.vertx.ext.web.Router;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What modules add to the gateway's one HTTP listener while they register: paths that carry no
 * gateway token (each authenticates itself), a page served without sign-in, Vert.x handlers
 * mounted right after the gate, and error shapes by path prefix. Read once when the listener starts,
 * after every module registered; the public paths stay a live view of the sets the modules gave.
 */
public final class HttpSurface {
    /** Kept as given, not copied: a channel may hand a live view (a Telegram webhook account added by reload). */
    private final List<Set<String>> publicPaths = new CopyOnWriteArrayList<>();
    private final List<Consumer<Router>> handlers = new ArrayList<>();
    private PublicPage page;
    private final ErrorShapes errorShapes = new ErrorShapes();

    public void addPublicPaths(Set<String> paths) {
        publicPaths.add(paths);
    }

    /** Every public path, as a live view: a path a module's set gains later is public from then on. */
    public Set<String> publicPaths() {
        return new LiveUnion(publicPaths);
    }

    /** The union of the modules' sets, asked per lookup (a handful of small sets). */
    private static final class LiveUnion extends AbstractSet<String> {
        private final List<Set<String>> sources;

        LiveUnion(List<Set<String>> sources) {
            this.sources = sources;
        }

        @Override
        public boolean contains(Object path) {
            return path != null && sources.stream().anyMatch(s -> s.contains(path));
        }

        @Override
        public Iterator<String> iterator() {
            Set<String> all = new LinkedHashSet<>();
            sources.forEach(all::addAll);
            return Set.copyOf(all).iterator();
        }

        @Override
        public int size() {
            Set<String> all = new LinkedHashSet<>();
            sources.forEach(all::addAll);
            return all.size();
        }
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
