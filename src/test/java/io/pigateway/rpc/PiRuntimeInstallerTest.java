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
                null, null, null, null, null, null, null, null, null, null);
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
}
