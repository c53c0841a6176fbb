package io.pigateway.app.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's YAML route files ({@code *.yaml}, {@code *.camel.yaml} directly in
 * {@code gateway.routesDir}), loaded one file and one route at a time into a running context. A
 * file that does not parse is reported with its line and skipped; a route that cannot start (a
 * component that is not on the classpath, a bad option) is reported with its file and id and
 * removed. The gateway's own routes and every other user route run on: camel-main's own loader
 * would fail the whole start on either. Reloading a file replaces exactly the routes it made.
 */
public final class UserRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);

    private final CamelContext camel;
    private final Path dir;
    // file -> the route ids it made, for reload and removal; problems by file, for logs and doctor
    private final Map<Path, Set<String>> routesByFile = new LinkedHashMap<>();
    private final Map<Path, List<String>> problemsByFile = new LinkedHashMap<>();

    public UserRoutes(CamelContext camel, Path dir) {
        this.camel = camel;
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Whether {@code file} is a route file of this folder ({@code examples/} and other subfolders are not). */
    public boolean isRouteFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return dir.equals(abs.getParent()) && abs.getFileName().toString().endsWith(".yaml");
    }

    /** The route files in the folder, by name; none when it does not exist. */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> isRouteFile(f) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Loads every route file. */
    public synchronized void loadAll() {
        for (Path file : files()) {
            load(file);
        }
    }

    /**
     * (Re)loads one file: its previous routes go, then its routes as they are now come (a deleted file
     * just loses its routes). Returns the ids of the routes that started.
     */
    public synchronized Set<String> load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        unload(abs);
        problemsByFile.remove(abs);
        Set<String> started = new LinkedHashSet<>();
        routesByFile.put(abs, started);
        if (!Files.exists(abs)) {
            routesByFile.remove(abs);
            return started;
        }
        List<RoutesBuilder> builders;
        try {
            Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + abs);
            builders = new ArrayList<>(PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource)));
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteConfigurationsBuilder configurations) {
                    camel.addRoutesConfigurations(configurations);
                }
                if (builder instanceof RouteBuilder routes) {
                    routes.prepareModel(camel); // parses the file: a YAML error surfaces here
                }
            }
        } catch (Exception e) {
            problem(abs, RouteProblems.describeFileError(e));
            return started;
        }
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : List.copyOf(routes.getRouteCollection().getRoutes())) {
                    addRoute(abs, route, started);
                }
            }
            Set<String> before = routeIds();
            try {
                builder.addTemplatedRoutesToCamelContext(camel);
            } catch (Exception e) {
                problem(abs, RouteProblems.describeRouteError(null, e));
            }
            Set<String> templated = routeIds();
            templated.removeAll(before);
            started.addAll(templated);
        }
        LOG.info("Routes from {}: {}", display(abs), started.isEmpty() ? "none" : String.join(", ", started));
        return started;
    }

    private void addRoute(Path file, RouteDefinition route, Set<String> started) {
        String id = route.getRouteId();
        Route existing = id != null ? camel.getRoute(id) : null;
        if (existing != null) {
            // a same-id route would silently replace it, even a built-in one
            problem(file, "route '" + id + "' not started: the id is already used by "
                    + (existing.getSourceLocationShort() != null ? existing.getSourceLocationShort() : "a built-in route"));
            return;
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        try {
            model.addRouteDefinition(route);
            started.add(route.getRouteId());
        } catch (Exception e) {
            problem(file, RouteProblems.describeRouteError(route.getRouteId(), e));
            remove(route.getRouteId());
        }
    }

    /** Stops and removes the routes a file made. */
    public synchronized void unload(Path file) {
        Set<String> ids = routesByFile.remove(file.toAbsolutePath().normalize());
        if (ids != null) {
            ids.forEach(this::remove);
        }
    }

    /** Stops the route and drops it and its definition (a half-created route included). */
    private void remove(String id) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = id != null ? model.getRouteDefinition(id) : null;
        try {
            if (definition != null) {
                model.removeRouteDefinition(definition);
            } else if (id != null && camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        } catch (Exception e) {
            LOG.warn("could not remove route {}: {}", id, e.getMessage());
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private void problem(Path file, String message) {
        String line = display(file) + ": " + message;
        problemsByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(line);
        LOG.error("{} (the gateway and the other routes run on)", line);
    }

    /** Every problem of the last load of each file, one line each ({@code file: what}). */
    public synchronized List<String> problems() {
        return problemsByFile.values().stream().flatMap(List::stream).toList();
    }

    /** The route ids each file made, by file. */
    public synchronized Map<Path, Set<String>> routes() {
        Map<Path, Set<String>> copy = new LinkedHashMap<>();
        routesByFile.forEach((file, ids) -> copy.put(file, Set.copyOf(ids)));
        return copy;
    }

    public Path dir() {
        return dir;
    }

    /** The file as the user wrote it: relative to the working directory when it is below it. */
    private static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}
