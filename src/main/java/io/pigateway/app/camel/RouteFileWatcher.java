package io.pigateway.app.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway.routesReload}: Camel's file watcher on the routes folder, wired to
 * {@link UserRoutes#load} so a changed file replaces exactly its own routes and a deleted one
 * removes them. camel-main's built-in route reload is not used: by default it removes every route
 * on a change, the gateway's Java routes included (CAMEL-NOTES §7), and it cannot tell which
 * routes a deleted file made.
 */
final class RouteFileWatcher extends FileWatcherResourceReloadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);

    RouteFileWatcher(UserRoutes routes) {
        super(routes.dir().toString());
        setFileFilter(file -> routes.isRouteFile(file.toPath()));
        setResourceReload((name, resource) -> {
            Path file = Path.of(name);
            // an editor that truncates, then writes, shows an empty file first; the write comes next
            if (Files.exists(file) && Files.size(file) == 0) {
                return;
            }
            LOG.info("Route file changed: {}", name);
            routes.load(file);
        });
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "Reloading changed route files live (gateway.routesReload) in " + dir;
    }
}
