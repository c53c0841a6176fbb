package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.PluginJars;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pi-gw plugins list} and a plugin's own {@code pi-gw} subcommand, with the example plugin. */
class PluginsCommandTest {
    @TempDir
    Path dir;

    Path config(String pluginsJson) throws Exception {
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, """
                { "gateway": { "dataDir": "%s" }, "plugins": %s }
                """.formatted(dir.resolve("data"), pluginsJson));
        return config;
    }

    @Test
    void listShowsEachPluginItsSourceItsRegistrationsAndItsErrors() throws Exception {
        Path hello = PluginJars.buildModule(PluginJars.HELLO, dir.resolve("jars/hello.jar"));
        Path broken = PluginJars.build(Map.of("bad/P.java", """
                package bad;
                public final class P implements io.pigateway.plugin.GatewayPlugin {
                    public String name() { return "bad"; }
                    public void register(io.pigateway.plugin.GatewayPluginApi api) { throw new IllegalStateException("no API key"); }
                }
                """, "META-INF/services/io.pigateway.plugin.GatewayPlugin", "bad.P\n"), dir.resolve("jars/bad.jar"));
        Path config = config("[\"" + hello + "\", \"" + broken + "\"]");

        Captured run = run("plugins", "list", "--config", config.toString());

        assertThat(run.code).isEqualTo(1); // a plugin failed
        assertThat(run.out).contains("hello  (" + hello + ")", "tool: hello_time", "hook: message_received",
                "http: GET /plugins/hello/ping", "ws method: hello.ping", "command: /hello", "cli: hello");
        assertThat(run.out).contains("bad  (" + broken + ")", "FAILED in register(): IllegalStateException: no API key");
    }

    @Test
    void listWithoutPluginsSaysWhereItLooked() throws Exception {
        Captured run = run("plugins", "list", "--config", config("[]").toString());

        assertThat(run.code).isZero();
        assertThat(run.out).contains("No plugins");
    }

    @Test
    void aPluginsCommandJoinsPiGwAndABrokenConfigDoesNotBreakPiGw() throws Exception {
        Path hello = PluginJars.buildModule(PluginJars.HELLO, dir.resolve("jars/hello.jar"));
        Path config = config("[\"" + hello + "\"]");

        Captured run = run("hello", "--config", config.toString());
        assertThat(run.code).isZero();
        assertThat(run.out).contains("hello from the hello plugin");

        Files.writeString(dir.resolve("broken.jsonc"), "{ \"gateway\": { \"port\": \"not a port\" } }");
        assertThat(run("--version", "--config", dir.resolve("broken.jsonc").toString()).code).isZero();
    }

    record Captured(int code, String out, String err) {
    }

    static Captured run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = PiGwCli.newCommandLine(args).execute(args);
            return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
