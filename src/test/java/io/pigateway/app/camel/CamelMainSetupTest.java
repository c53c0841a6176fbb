package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * camel-main as the gateway sets it up, without the rest of the gateway: the settings file is read,
 * the JSONC config resolves as {{placeholders}} in a YAML route, and a component whose jar sits only
 * in gateway.libDir (compiled here, on no classpath) serves a route.
 */
class CamelMainSetupTest {
    @TempDir
    Path dir;

    @Test
    void settingsFileConfigPlaceholdersAndAComponentFromLibDir() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("plugins"));
        buildGreetComponentJar(lib.resolve("greet-component.jar"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("greet.camel.yaml"), """
                - route:
                    id: greet
                    from:
                      uri: direct:greet
                      steps:
                        - setBody:
                            simple: "${body} {{agent.id}} {{channels.telegram.dmPolicy}} {{gateway.http.wsPingSeconds}} {{channels.filechan.dmPolicy}} {{greeting.suffix}}"
                        - to: greet:world
                """);
        Path properties = dir.resolve("camel.properties");
        Files.writeString(properties, "greeting.suffix = from-properties\ncamel.main.name = setup-test\n");
        Path configFile = dir.resolve("pi-gateway.jsonc");
        Files.writeString(configFile, """
                { "gateway": { "routesDir": "%s", "libDir": "%s", "camelProperties": "%s" },
                  "agent": { "id": "helper" }, "channels": { "filechan": { "dmPolicy": "allowlist" } } }
                """.formatted(routes, lib, properties));
        GatewayConfig config = ConfigLoader.loadFile(configFile, Map.of()).config();

        Main main = new Main();
        CamelMainSetup.apply(main, config, () -> config);
        main.init();
        main.start();
        try {
            CamelContext camel = main.getCamelContext();
            assertThat(camel.getName()).isEqualTo("setup-test");
            String answer = camel.createProducerTemplate().requestBody("direct:greet", "hi", String.class);
            assertThat(answer).isEqualTo("hello world: hi helper pairing 30 allowlist from-properties");
            UserRoutes user = camel.getRegistry().lookupByNameAndType(CamelMainSetup.USER_ROUTES, UserRoutes.class);
            assertThat(user.problems()).isEmpty();
            assertThat(user.routes().values()).containsExactly(java.util.Set.of("greet"));
        } finally {
            main.stop();
        }
    }

    @Test
    void theSettingsFilePropertyOverridesTheConfigKey() throws Exception {
        Path fromConfig = dir.resolve("config.properties");
        Files.writeString(fromConfig, "camel.main.name = from-config-key\n");
        Path fromFlag = dir.resolve("flag.properties");
        Files.writeString(fromFlag, "camel.main.name = from-flag\n");
        Path configFile = dir.resolve("pi-gateway.jsonc");
        Files.writeString(configFile, "{ \"gateway\": { \"routesDir\": \"" + dir.resolve("none") + "\", \"camelProperties\": \""
                + fromConfig + "\" } }");
        GatewayConfig config = ConfigLoader.loadFile(configFile, Map.of()).config();
        System.setProperty(CamelMainSetup.SETTINGS_FILE_PROPERTY, fromFlag.toString()); // what --camel-properties does
        Main main = new Main();
        try {
            CamelMainSetup.apply(main, config, () -> config);
            main.init();
            assertThat(main.getCamelContext().getName()).isEqualTo("from-flag");
        } finally {
            System.clearProperty(CamelMainSetup.SETTINGS_FILE_PROPERTY);
            main.stop();
        }
    }

    /** A jar with a tiny {@code greet:} component, compiled against Camel's own jars. */
    static void buildGreetComponentJar(Path jar) throws Exception {
        Path src = Files.createDirectories(jar.resolveSibling("greet-src/demo"));
        Files.writeString(src.resolve("GreetComponent.java"), """
                package demo;

                import java.util.Map;
                import org.apache.camel.Endpoint;
                import org.apache.camel.support.DefaultComponent;
                import org.apache.camel.support.ProcessorEndpoint;

                public class GreetComponent extends DefaultComponent {
                    @Override
                    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                        return new ProcessorEndpoint(uri, this,
                                ex -> ex.getMessage().setBody("hello " + remaining + ": " + ex.getMessage().getBody()));
                    }
                }
                """);
        Path classes = Files.createDirectories(jar.resolveSibling("greet-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", camelClasspath(),
                src.resolve("GreetComponent.java").toString());
        assertThat(rc).isZero();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("demo/GreetComponent.class"));
            out.write(Files.readAllBytes(classes.resolve("demo/GreetComponent.class")));
            out.putNextEntry(new JarEntry("META-INF/services/org/apache/camel/component/greet"));
            out.write("class=demo.GreetComponent\n".getBytes());
        }
    }

    // surefire's class path is a manifest-only jar: name the jars the source needs directly
    private static String camelClasspath() throws URISyntaxException {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : List.of(DefaultComponent.class, CamelContext.class, org.apache.camel.util.ObjectHelper.class)) {
            jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(java.io.File.pathSeparator, jars);
    }
}
