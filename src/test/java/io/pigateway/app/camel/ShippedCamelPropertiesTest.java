package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped config/application.properties is truthful: with every commented-out camel.* setting
 * switched on, camel-main starts (it refuses an option a component or the main does not have).
 */
class ShippedCamelPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommentedSettingIsARealOption() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("config/application.properties"));
        List<String> enabled = lines.stream().filter(l -> l.startsWith("#camel."))
                .map(l -> l.substring(1)).toList();
        assertThat(enabled).hasSizeGreaterThan(10);
        Path file = dir.resolve("application.properties");
        Files.createDirectories(dir.resolve("more-routes"));
        Files.write(file, enabled.stream().map(l -> l.replace("/var/lib/pi-gateway", dir.toString())
                .replace("file:more-routes", "file:" + dir.resolve("more-routes"))).toList());

        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + file);
        main.configure().httpServer().setEnabled(false);
        main.init();
        main.start();
        try {
            assertThat(main.getCamelContext().getRegistry().lookupByName("db")).isNotNull();
            assertThat(main.getCamelContext().getComponent("kafka")).isNotNull();
        } finally {
            main.stop();
        }
    }
}
