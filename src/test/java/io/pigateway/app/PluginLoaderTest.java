package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.testing.PluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding plugins: where the loader looks, one class loader each, and what it skips. */
class PluginLoaderTest {
    static final String SERVICE = "META-INF/services/io.pigateway.plugin.GatewayPlugin";

    @TempDir
    Path base;

    /** A plugin jar whose class {@code pkg.P} is named {@code name} and whose {@code demo.Shared} says {@code marker}. */
    static Path plugin(Path jar, String pkg, String name, int order, String marker) {
        return PluginJars.build(Map.of(
                pkg + "/P.java", """
                        package %s;
                        public final class P implements io.pigateway.plugin.GatewayPlugin {
                            public String name() { return "%s"; }
                            public int order() { return %d; }
                            public void register(io.pigateway.plugin.GatewayPluginApi api) { }
                            public String marker() { return demo.Shared.MARKER; }
                        }
                        """.formatted(pkg, name, order),
                "demo/Shared.java", "package demo; public final class Shared { public static final String MARKER = \"%s\"; }"
                        .formatted(marker),
                SERVICE, pkg + ".P\n"), jar);
    }

    static GatewayConfig config(String json) {
        return ConfigLoader.parseLoaded(json, Map.of()).config();
    }

    @Test
    void loadsThePluginsFolderAndTheConfigListEachInItsOwnClassLoaderInOrder() throws Exception {
        plugin(base.resolve("plugins/b.jar"), "b", "bee", 200, "from b");
        plugin(base.resolve("extra/a.jar"), "a", "ay", 50, "from a");
        // the same class name in two jars: each plugin sees its own
        List<GatewayPlugin> plugins = PluginLoader.load(config("{\"plugins\": [\"extra/a.jar\"]}"), base);

        assertThat(plugins).extracting(GatewayPlugin::name).containsExactly("ay", "bee");
        assertThat(plugins).allSatisfy(p -> assertThat(PluginLoader.isPlugin(p)).isTrue());
        assertThat(plugins.get(0).getClass().getClassLoader()).isNotSameAs(plugins.get(1).getClass().getClassLoader());
        assertThat(plugins.get(0).getClass().getMethod("marker").invoke(plugins.get(0))).isEqualTo("from a");
        assertThat(plugins.get(1).getClass().getMethod("marker").invoke(plugins.get(1))).isEqualTo("from b");
        assertThat(PluginLoader.sourceOf(plugins.get(0))).isEqualTo(base.resolve("extra/a.jar").toAbsolutePath());
        // the gateway's own modules are seen through the parent loader, but are never taken for plugins
        assertThat(PluginLoader.isPlugin(new Object())).isFalse();
    }

    @Test
    void aFolderInTheConfigIsAFolderOfJarsOrAnExplodedPlugin() throws Exception {
        plugin(base.resolve("many/one.jar"), "one", "one", 100, "1");
        plugin(base.resolve("many/two.jar"), "two", "two", 100, "2");
        Path exploded = Files.createDirectories(base.resolve("exploded"));
        try (var zip = new java.util.zip.ZipFile(plugin(base.resolve("tmp/three.jar"), "three", "three", 100, "3").toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                Path target = exploded.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                Files.copy(zip.getInputStream(entry), target);
            }
        }

        List<GatewayPlugin> plugins = PluginLoader.load(config("{\"plugins\": [\"many\", \"" + exploded + "\"]}"), base);

        assertThat(plugins).extracting(GatewayPlugin::name).containsExactlyInAnyOrder("one", "two", "three");
    }

    @Test
    void aBrokenJarIsReportedWithItsPathAndTheOthersLoad() throws Exception {
        plugin(base.resolve("plugins/good.jar"), "good", "good", 100, "g");
        Files.writeString(base.resolve("plugins/broken.jar"), "not a zip at all");
        // a service file naming a class the jar does not have
        PluginJars.build(Map.of(SERVICE, "missing.Plugin\n"), base.resolve("plugins/missing.jar"));
        // a library (no GatewayPlugin service): not a plugin, and no error either
        PluginJars.build(Map.of("lib/Util.java", "package lib; public class Util { }"), base.resolve("plugins/lib.jar"));
        // a plugin whose constructor throws
        PluginJars.build(Map.of("ctor/P.java", """
                package ctor;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public P() { throw new IllegalStateException("no config for me"); }
                    public void register(io.pigateway.plugin.GatewayPluginApi api) { }
                }
                """, SERVICE, "ctor.P\n"), base.resolve("plugins/ctor.jar"));
        Map<Path, String> failures = new LinkedHashMap<>();

        List<GatewayPlugin> plugins = PluginLoader.load(config("{\"plugins\": [\"nowhere/x.jar\"]}"), base, failures::put);

        assertThat(plugins).extracting(GatewayPlugin::name).containsExactly("good");
        assertThat(failures.keySet()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("broken.jar", "missing.jar", "ctor.jar", "x.jar");
        assertThat(failures.get(base.resolve("plugins/ctor.jar").toAbsolutePath())).contains("no config for me");
        assertThat(failures.get(base.resolve("nowhere/x.jar").toAbsolutePath())).contains("not a jar or a folder");
    }

    @Test
    void noPluginsFolderAndNoConfigListMeansNoPlugins() {
        assertThat(PluginLoader.load(GatewayConfig.defaults(), base)).isEmpty();
    }
}
