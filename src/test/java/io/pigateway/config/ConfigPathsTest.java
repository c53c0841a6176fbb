package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.GatewayConfig.GatewaySection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void homeIsTheHomeVariableWhenSetElseUserHome() {
        assertThat(ConfigPaths.home(Map.of("HOME", "/tmp/fake-home"), "/home/passwd")).isEqualTo(Path.of("/tmp/fake-home"));
        assertThat(ConfigPaths.home(Map.of(), "/home/passwd")).isEqualTo(Path.of("/home/passwd"));
        assertThat(ConfigPaths.home(Map.of("HOME", ""), "/home/passwd")).isEqualTo(Path.of("/home/passwd"));
    }

    @Test
    void aGatewayRunWithAFakeHomeExpandsTildeThere(@TempDir Path fakeHome) throws Exception {
        // a separate JVM, because HOME cannot be changed inside this one
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                HomeProbe.class.getName()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", fakeHome.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();

        assertThat(out.lines().toList()).containsExactly(
                fakeHome.resolve(".pi/gateway").toString(),
                fakeHome.resolve("x").toString(),
                "~/.pi/gateway/gateway-token");
    }

    /** Prints what {@code ~} means in a JVM started with the test's HOME. */
    public static final class HomeProbe {
        public static void main(String[] args) {
            System.out.println(ConfigPaths.dataDir(GatewayConfig.defaults()));
            System.out.println(ConfigPaths.expandHome("~/x"));
            System.out.println(ConfigPaths.tildeForm(ConfigPaths.dataDir(GatewayConfig.defaults()).resolve("gateway-token")));
        }
    }

    @Test
    void defaultDataDirIsUnderTheUsersHome() {
        Path expected = ConfigPaths.home().resolve(".pi/gateway").toAbsolutePath().normalize();

        assertThat(ConfigPaths.dataDir(GatewayConfig.defaults())).isEqualTo(expected);
    }

    @Test
    void configuredDataDirIsAbsolute() {
        GatewayConfig config = new GatewayConfig(
                new GatewaySection(null, null, null, null, "state/../data", null, null, null, null, null, null, null, null, null, null, null), null, null, null, null, null, null, null, null, null, null, null);

        assertThat(ConfigPaths.dataDir(config)).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
    }
}
