package io.pigateway.app.camel;

import io.pigateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;

/**
 * {@code pi-gw doctor}'s look at the route files, without starting anything: every file is parsed
 * as the gateway would (component jars and placeholders included) and every endpoint's component
 * is looked up, so a broken file or a missing component shows before the gateway starts.
 */
public final class RouteFilesCheck {
    /** What the check found: a summary line and one line per problem (empty when all is well). */
    public record Findings(String summary, List<String> problems) {
    }

    private RouteFilesCheck() {
    }

    public static Findings run(GatewayConfig config) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            UserRoutes routes = CamelMainSetup.userRoutes(camel, config.gateway(), () -> config);
            camel.getPropertiesComponent().addLocation(CamelMainSetup.propertiesLocation(config.gateway()));
            camel.build();
            routes.loadAll(); // not started: parses and adds the definitions, connects nowhere
            List<String> problems = new ArrayList<>(routes.problems());
            List<RouteDefinition> definitions = camel.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteDefinitions();
            for (RouteDefinition route : definitions) {
                String missing = missingComponents(camel, route);
                if (!missing.isEmpty()) {
                    String file = route.getResource() != null ? route.getResource().getLocation() : "a route file";
                    problems.add(file.replaceFirst("^file:", "") + ": route '" + route.getRouteId() + "' names "
                            + missing + ", not on the classpath (put its jar into gateway.libDir)");
                }
            }
            String summary = routes.files().size() + " file(s) in " + routes.dir() + ", "
                    + definitions.size() + " route(s)";
            return new Findings(summary, problems);
        } finally {
            camel.stop();
        }
    }

    private static String missingComponents(DefaultCamelContext camel, RouteDefinition route) {
        Set<String> uris = RouteDefinitionHelper.gatherAllEndpointUris(camel, route, true, true, false);
        List<String> missing = new ArrayList<>();
        for (String uri : uris) {
            String resolved;
            try {
                resolved = camel.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                continue; // a placeholder only the running gateway can fill: not this check's business
            }
            int colon = resolved.indexOf(':');
            String scheme = colon > 0 ? resolved.substring(0, colon) : resolved;
            if (!missing.contains("'" + scheme + "'") && camel.getComponent(scheme, true, false) == null) {
                missing.add("'" + scheme + "'");
            }
        }
        return missing.isEmpty() ? "" : "component " + String.join(", ", missing);
    }
}
