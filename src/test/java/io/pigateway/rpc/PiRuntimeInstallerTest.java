package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.config.AgentConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiRuntimeInstallerTest {
    @TempDir
    Path dir;

    private Path executable(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private AgentConfig agent(String piCliPath) {
        return new AgentConfig(null, null, null, piCliPath, null,
                new AgentConfig.RuntimeConfig(null, dir.resolve("pkg").toString()),
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void findsPiOnPath() throws IOException {
        Path pi = executable(dir.resolve("bin/pi"));
        assertThat(new PiRuntimeInstaller(dir.resolve("nothing") + ":" + dir.resolve("bin")).locate(agent("pi"))).contains(pi);
    }

    @Test
    void findsAnExplicitPathAndRejectsAMissingOne() throws IOException {
        Path pi = executable(dir.resolve("custom/pi"));
        PiRuntimeInstaller installer = new PiRuntimeInstaller("");
        assertThat(installer.locate(agent(pi.toString()))).contains(pi);
        assertThat(installer.locate(agent(dir.resolve("missing/pi").toString()))).isEmpty();
    }

    @Test
    void reusesAPreviousInstallInThePackageDir() throws IOException {
        Path installed = executable(dir.resolve("pkg/node_modules/.bin/pi"));
        assertThat(new PiRuntimeInstaller("").locate(agent("pi"))).contains(installed);
        assertThat(new PiRuntimeInstaller("").ensureInstalled(agent("pi"), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(installed);
    }

    @Test
    void clearErrorWhenPiAndNpmAreBothMissing() {
        assertThatThrownBy(() -> new PiRuntimeInstaller(dir.toString())
                .ensureInstalled(agent("pi"), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("npm is not installed");
    }

    @Test
    void anExplicitPathThatIsMissingIsAnErrorEvenWithAnInstalledPiAndNpm() throws IOException {
        executable(dir.resolve("pkg/node_modules/.bin/pi"));
        executable(dir.resolve("bin/npm"));
        String missing = dir.resolve("missing/pi").toString();
        PiRuntimeInstaller installer = new PiRuntimeInstaller(dir.resolve("bin").toString());

        assertThat(installer.locate(agent(missing))).isEmpty();
        assertThatThrownBy(() -> installer.ensureInstalled(agent(missing), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("agent.piCliPath '" + missing + "' does not exist");
    }

    private Path fakeNpm(String body) throws IOException {
        Path npm = executable(dir.resolve("npmbin/npm"));
        Files.writeString(npm, "#!/bin/sh\nprefix=$5\n" + body);
        return npm;
    }

    @Test
    void theFirstStartShowsOneProgressLineAndKeepsNpmsOutputInALog() throws IOException {
        fakeNpm("""
                for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do echo "npm warn deprecated thing$i"; done
                mkdir -p "$prefix/node_modules/.bin" && printf '#!/bin/sh\\n' > "$prefix/node_modules/.bin/pi"
                chmod +x "$prefix/node_modules/.bin/pi"
                """);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path pi = new PiRuntimeInstaller(dir.resolve("npmbin").toString())
                .ensureInstalled(agent("pi"), new PrintStream(progress, true));

        assertThat(pi).isEqualTo(dir.resolve("pkg/node_modules/.bin/pi"));
        assertThat(progress.toString().lines().toList()).hasSize(2)
                .first().asString().startsWith("Installing pi (").contains("first start, ~30 s");
        assertThat(progress.toString()).doesNotContain("deprecated");
        assertThat(Files.readString(dir.resolve("pkg/npm-install.log"))).contains("thing1", "thing13");
    }

    @Test
    void aFailedInstallShowsNpmsOutputAndWhereTheLogIs() throws IOException {
        fakeNpm("echo 'npm error 404 Not Found'\nexit 1\n");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new PiRuntimeInstaller(dir.resolve("npmbin").toString())
                .ensureInstalled(agent("pi"), new PrintStream(progress, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exit 1").hasMessageContaining(dir.resolve("pkg/npm-install.log").toString());
        assertThat(progress.toString()).contains("npm: npm error 404 Not Found");
    }
}
