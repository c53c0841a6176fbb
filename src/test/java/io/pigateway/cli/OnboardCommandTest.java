package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.LoadedConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pi-gw onboard} answers questions into a config file the gateway accepts. */
class OnboardCommandTest {
    @TempDir
    Path dir;

    @Test
    void answersBecomeAValidConfigWithTheSecretInAnEnvironmentVariable() throws Exception {
        Path out = dir.resolve("pi-gateway.jsonc");
        int code = run("anthropic/claude-sonnet-4-5\n9000\ny\nMY_BOT_TOKEN\nallowlist\n",
                "onboard", "--output", out.toString());
        assertThat(code).isZero();
        LoadedConfig loaded = ConfigLoader.loadFile(out, Map.of("MY_BOT_TOKEN", "123:abc"));
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().agent().model()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(loaded.config().gateway().port()).isEqualTo(9000);
        assertThat(loaded.config().channels().telegram().enabled()).isTrue();
        assertThat(loaded.config().channels().telegram().botToken()).isEqualTo("123:abc");
        assertThat(loaded.config().channels().telegram().dmPolicy()).isEqualTo("allowlist");
        assertThat(Files.readString(out)).contains("${MY_BOT_TOKEN}").doesNotContain("123:abc");

        // an existing file is kept unless --force; --yes takes the defaults without a terminal
        assertThat(run("", "onboard", "--output", out.toString(), "--yes")).isEqualTo(1);
        assertThat(run("", "onboard", "--output", out.toString(), "--yes", "--force")).isZero();
        LoadedConfig defaults = ConfigLoader.loadFile(out, Map.of());
        assertThat(defaults.config().gateway().port()).isEqualTo(52134);
        assertThat(defaults.config().channels().telegram().enabled()).isFalse();
    }

    @Test
    void aWrongAnswerIsRefusedAndNothingIsWritten() {
        Path out = dir.resolve("bad.jsonc");
        assertThat(run("\nnot-a-port\n", "onboard", "--output", out.toString())).isEqualTo(PiGwCli.EXIT_CONFIG);
        assertThat(run("\n52134\ny\nTOKEN\nsometimes\n", "onboard", "--output", out.toString()))
                .isEqualTo(PiGwCli.EXIT_CONFIG);
        assertThat(out).doesNotExist();
    }

    @Test
    void theSystemdUnitStopsOnlyTheGatewayAndRunsAnAbsoluteLauncherFromAnyFolder() throws Exception {
        Path config = dir.resolve("conf dir/pi-gateway.jsonc");
        String unit = OnboardCommand.unitText(List.of("/opt/pi-gateway/pi-gw"), config);

        assertThat(unit).contains("KillMode=mixed")
                .contains("ExecStart=/opt/pi-gateway/pi-gw gateway --config \"" + config + "\"")
                .contains("WorkingDirectory=" + config.getParent());

        // the launcher exports its own path; without it, the launcher beside target/ or java -jar
        assertThat(OnboardCommand.launcherCommand(Map.of("PI_GW_LAUNCHER", "/opt/x/pi-gw"), null))
                .containsExactly("/opt/x/pi-gw");
        Path jar = Files.createDirectories(dir.resolve("checkout/target")).resolve("pi-gw.jar");
        Files.writeString(jar, "");
        assertThat(OnboardCommand.launcherCommand(Map.of(), jar).get(1)).isEqualTo("-jar");
        assertThat(OnboardCommand.launcherCommand(Map.of(), jar).get(0)).startsWith("/").endsWith("/java");
        Path launcher = Files.writeString(dir.resolve("checkout/pi-gw"), "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        assertThat(OnboardCommand.launcherCommand(Map.of(), jar)).containsExactly(launcher.toString());
    }

    private static int run(String input, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return PiGwCli.newCommandLine().execute(args);
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
