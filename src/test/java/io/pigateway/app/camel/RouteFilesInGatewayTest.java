package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route files in a real gateway: a broken file and a route naming a missing component are reported
 * while the gateway and the other routes serve; with gateway.routesReload a changed file replaces
 * its own routes and the built-in Java routes stay exactly as they were.
 */
class RouteFilesInGatewayTest {
    @TempDir
    Path dir;

    @Test
    void brokenFilesFailAloneAndReloadTouchesOnlyTheChangedFile() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path version = routes.resolve("version.camel.yaml");
        Files.writeString(version, httpRoute("version", "v1"));
        Files.writeString(routes.resolve("broken.yaml"), "- route:\n    id: broken\n    from: [\n");
        Files.writeString(routes.resolve("missing.yaml"), """
                - route:
                    id: needs-nats
                    from:
                      uri: nats:questions
                      steps:
                        - to: direct:inbound
                """);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 1,
                     "\"routesDir\": \"" + routes + "\", \"routesReload\": true,", "", "")) {
            CamelContext camel = gw.runtime().camel();
            UserRoutes user = camel.getRegistry().lookupByNameAndType(CamelMainSetup.USER_ROUTES, UserRoutes.class);
            assertThat(user.problems()).hasSize(2);
            assertThat(user.problems().get(0)).contains("broken.yaml: not loaded: line 4");
            assertThat(user.problems().get(1)).contains("missing.yaml: route 'needs-nats' not started",
                    "component 'nats' is not on the classpath");
            assertThat(gw.get("/health", false).statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/custom/version", true).body()).isEqualTo("v1");
            Set<String> builtIn = routeIds(camel);
            builtIn.remove("version");
            List<Route> builtInRoutes = camel.getRoutes().stream().filter(r -> builtIn.contains(r.getRouteId())).toList();

            Path tmp = routes.resolve(".version.tmp");
            Files.writeString(tmp, httpRoute("version", "v2"));
            Files.move(tmp, version, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(gw.get("/api/custom/version", true).body()).isEqualTo("v2"));

            // the same Java route objects, never stopped and re-created
            assertThat(routeIds(camel)).containsAll(builtIn);
            for (Route route : builtInRoutes) {
                assertThat(camel.getRoute(route.getRouteId())).isSameAs(route);
                assertThat(camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()).isTrue();
            }
            assertThat(gw.chat("still there?", null).path("reply").asText()).isEqualTo("echo: still there?");
            assertThat(gw.get("/api/custom/version", false).statusCode()).isEqualTo(401); // still behind the token
        }
    }

    private static Set<String> routeIds(CamelContext camel) {
        return camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
    }

    private static String httpRoute(String id, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: platform-http:/api/custom/version
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(id, body);
    }
}
