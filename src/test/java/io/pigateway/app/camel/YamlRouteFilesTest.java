package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User route files load one at a time into a running context: a broken file is reported with its
 * line, a route naming a missing component fails alone with its file, id and the component, a
 * file cannot take over a built-in route's id, and a live reload replaces only that file's routes.
 */
class YamlRouteFilesTest {
    @TempDir
    Path dir;
    CamelContext camel;

    @BeforeEach
    void startContext() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:builtin").routeId("builtin").setBody(constant("java"));
            }
        });
        camel.start();
    }

    @AfterEach
    void stopContext() {
        camel.stop();
    }

    private String call(String uri) {
        return camel.createProducerTemplate().requestBody(uri, "x", String.class);
    }

    @Test
    void brokenFileAndMissingComponentFailAloneTheRestRuns() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("a-good.camel.yaml"), route("good", "direct:good", "good"));
        Files.writeString(routes.resolve("b-broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setBody: { constant: x
                """);
        Files.writeString(routes.resolve("c-mixed.yaml"), """
                - route:
                    id: needs-nats
                    from:
                      uri: direct:nats
                      steps:
                        - to: nats:answers
                """ + route("still-here", "direct:still", "still"));
        Files.writeString(routes.resolve("d-steals-id.yaml"), route("builtin", "direct:thief", "stolen"));
        Files.writeString(routes.resolve("e-secret.yaml"), """
                - route:
                    id: bad-option
                    from:
                      uri: direct:bad
                      steps:
                        - to: "log:x?password={{secret}}&noSuchOption=1"
                """);
        Files.createDirectories(routes.resolve("examples"));
        Files.writeString(routes.resolve("examples/not-loaded.yaml"), route("example", "direct:example", "no"));

        java.util.Properties secret = new java.util.Properties();
        secret.put("secret", "hunter2");
        camel.getPropertiesComponent().setInitialProperties(secret);
        UserRoutes user = new UserRoutes(camel, routes);
        user.loadAll();

        assertThat(call("direct:good")).isEqualTo("good");
        assertThat(call("direct:still")).isEqualTo("still");
        assertThat(call("direct:builtin")).isEqualTo("java");
        assertThat(camel.getRoute("needs-nats")).isNull();
        assertThat(((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinition("needs-nats")).isNull();
        assertThat(camel.getRoute("example")).isNull();
        assertThat(user.problems()).hasSize(4);
        assertThat(user.problems().get(3)).contains("e-secret.yaml", "route 'bad-option' not started", "noSuchOption")
                .doesNotContain("hunter2");
        assertThat(user.problems().get(0)).contains("b-broken.yaml", "not loaded: line 7");
        assertThat(user.problems().get(1)).contains("c-mixed.yaml", "route 'needs-nats' not started",
                "component 'nats' is not on the classpath");
        assertThat(user.problems().get(2)).contains("d-steals-id.yaml", "route 'builtin'", "already used");
    }

    @Test
    void reloadReplacesOnlyTheChangedFilesRoutes() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path file = routes.resolve("greet.yaml");
        Files.writeString(file, route("greet", "direct:greet", "v1"));
        Files.writeString(routes.resolve("other.yaml"), route("other", "direct:other", "other"));
        UserRoutes user = new UserRoutes(camel, routes);
        user.loadAll();
        camel.addService(new RouteFileWatcher(user));
        assertThat(call("direct:greet")).isEqualTo("v1");

        // written atomically, as an editor or a deploy script should
        writeAtomically(file, route("greet", "direct:greet", "v2") + route("greet-extra", "direct:extra", "extra"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(call("direct:greet")).isEqualTo("v2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRoute("greet-extra") != null);
        assertThat(call("direct:other")).isEqualTo("other");
        assertThat(call("direct:builtin")).isEqualTo("java");

        // a change that breaks the file removes its routes and says where; fixing it brings them back
        writeAtomically(file, "- route: [\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("greet") == null && !user.problems().isEmpty());
        assertThat(user.problems().get(0)).contains("greet.yaml", "line");
        writeAtomically(file, route("greet", "direct:greet", "v3"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(call("direct:greet")).isEqualTo("v3"));
        assertThat(camel.getRoute("greet-extra")).isNull();
        assertThat(user.problems()).isEmpty();

        Files.delete(file);
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("greet") == null);
        assertThat(call("direct:other")).isEqualTo("other");
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactlyInAnyOrder("builtin", "other");
        assertThat(((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinitions())
                .extracting(r -> r.getRouteId()).containsExactlyInAnyOrder("builtin", "other");
    }

    static String route(String id, String from, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: %s
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(id, from, body);
    }

    private static void writeAtomically(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
