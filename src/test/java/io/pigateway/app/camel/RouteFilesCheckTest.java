package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pi-gw doctor} names a broken route file and a missing component without starting a route. */
class RouteFilesCheckTest {
    @TempDir
    Path dir;

    @Test
    void namesBrokenFilesAndMissingComponentsAndStartsNothing() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("ok.yaml"), YamlRouteFilesTest.route("ok", "direct:ok", "fine"));
        Files.writeString(routes.resolve("broken.yaml"), "- route:\n    from: [\n");
        Files.writeString(routes.resolve("nats.camel.yaml"), """
                - route:
                    id: to-nats
                    from:
                      uri: "file:{{agent.id}}-inbox"
                      steps:
                        - to: nats:answers
                """);
        Path configFile = dir.resolve("pi-gateway.jsonc");
        Files.writeString(configFile, "{ \"gateway\": { \"routesDir\": \"" + routes + "\" } }");
        GatewayConfig config = ConfigLoader.loadFile(configFile, Map.of()).config();

        RouteFilesCheck.Findings found = RouteFilesCheck.run(config);

        assertThat(found.summary()).startsWith("3 file(s) in " + routes).endsWith("2 route(s)");
        assertThat(found.problems()).hasSize(2);
        assertThat(found.problems().get(0)).contains("broken.yaml: not loaded: line 3");
        assertThat(found.problems().get(1)).contains("nats.camel.yaml: route 'to-nats' names component 'nats'");
        assertThat(Path.of("main-inbox")).doesNotExist(); // the file consumer never started
    }
}
