package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.GatewayConfig.GatewaySection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigPathsTest {

    private final Path home = Path.of("/home/pi");

    @Test
    void tildeExpandsToHome() {
        assertThat(ConfigPaths.expandHome("~/x/y", home)).isEqualTo(Path.of("/home/pi/x/y"));
        assertThat(ConfigPaths.expandHome("~", home)).isEqualTo(home);
    }

    @Test
    void otherPathsAreUnchanged() {
        assertThat(ConfigPaths.expandHome("/abs/x", home)).isEqualTo(Path.of("/abs/x"));
        assertThat(ConfigPaths.expandHome("rel/x", home)).isEqualTo(Path.of("rel/x"));
        assertThat(ConfigPaths.expandHome("~other/x", home)).isEqualTo(Path.of("~other/x"));
    }

    @Test
    void defaultDataDirIsUnderTheUsersHome() {
        Path expected = Path.of(System.getProperty("user.home"), ".pi", "gateway").toAbsolutePath().normalize();

        assertThat(ConfigPaths.dataDir(GatewayConfig.defaults())).isEqualTo(expected);
    }

    @Test
    void configuredDataDirIsAbsolute() {
        GatewayConfig config = new GatewayConfig(
                new GatewaySection(null, null, null, null, "state/../data", null, null, null, null, null, null), null, null, null, null, null, null, null);

        assertThat(ConfigPaths.dataDir(config)).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
    }
}
