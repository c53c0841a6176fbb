package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pi-gw token rotate [--hooks]} with no gateway running: the stored file is replaced and printed once. */
class TokenCommandTest {

    @Test
    void withNoGatewayRunningTheStoredHooksTokenIsReplaced(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, "{ \"gateway\": { \"port\": " + TestGateway.freePort() + ", \"dataDir\": \"" + data
                + "\" }, \"hooks\": { \"enabled\": true } }");
        String gatewayBefore = rotate(config, "token", "rotate"); // creates and replaces the gateway token
        String hooksBefore = rotate(config, "token", "rotate", "--hooks");

        String hooksAfter = rotate(config, "token", "rotate", "--hooks", "--grace", "0");

        assertThat(hooksAfter).isNotEqualTo(hooksBefore).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(data.resolve("hooks-token")).trim()).isEqualTo(hooksAfter);
        assertThat(Files.readString(data.resolve("gateway-token")).trim()).isEqualTo(gatewayBefore);
    }

    @Test
    void aHooksTokenFromTheConfigIsLeftAlone(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, "{ \"gateway\": { \"dataDir\": \"" + dir.resolve("data") + "\" }, \"hooks\": { "
                + "\"enabled\": true, \"token\": \"hooks-0123456789abcdef0123456789abcdef\" } }");
        assertThat(PiGwCli.newCommandLine().execute("token", "rotate", "--hooks", "--config", config.toString()))
                .isEqualTo(1);
        assertThat(dir.resolve("data").resolve("hooks-token")).doesNotExist();
    }

    /** Runs the command and returns what it printed on stdout (the new token, nothing else). */
    private static String rotate(Path config, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--config", config.toString())).toArray(String[]::new);
            assertThat(PiGwCli.newCommandLine().execute(all)).isEqualTo(0);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
