package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.app.doctor.CheckResult;
import io.pigateway.app.doctor.Doctor;
import io.pigateway.config.ConfigLoader;
import io.pigateway.config.LoadedConfig;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: exit codes, redaction, doctor verdicts. */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void configShowRedactsEverySecret() throws Exception {
        Path config = dir.resolve("pi-gateway.jsonc");
        Files.writeString(config, """
                { "gateway": { "auth": { "token": "super-secret-gateway-token-0123456789" }, "dataDir": "%s" },
                  "channels": { "telegram": { "enabled": true, "botToken": "123:telegram-secret",
                    "webhookUrl": "https://example.com/hook/123:telegram-secret" } },
                  "hooks": { "enabled": true, "token": "hook-secret-value-0123456789abcdefgh" } }
                """.formatted(dir.resolve("data")));
        Captured run = run("config", "show", "--config", config.toString());
        assertThat(run.code).isZero();
        assertThat(run.out).contains("\"***\"", "\"port\" : 52134")
                .doesNotContain("super-secret-gateway-token-0123456789", "telegram-secret", "hook-secret-value-0123456789abcdefgh");
    }

    @Test
    void invalidConfigExitsWithCode2AndNamesTheKey() throws Exception {
        Path config = dir.resolve("bad.jsonc");
        Files.writeString(config, "{ \"gateway\": { \"bind\": \"everywhere\", \"port\": 70000 } }");
        Captured run = run("config", "show", "--config", config.toString());
        assertThat(run.code).isEqualTo(PiGwCli.EXIT_CONFIG);
        assertThat(run.err).contains("gateway.bind", "loopback, lan, auto", "gateway.port");
    }

    @Test
    void doctorPassesWithAWorkingPiAndModelAndFailsWithoutAKey() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm)) {
            List<CheckResult> good = new Doctor(load(pi, "fake/fake-echo")).run();
            assertThat(good).filteredOn(r -> r.status() == CheckResult.Status.FAIL).isEmpty();
            assertThat(good).anySatisfy(r -> assertThat(r.line()).startsWith("[ok]").contains("model", "echo:"));
            assertThat(good).anySatisfy(r -> assertThat(r.line()).contains("pi", "0.73.1"));

            // a provider pi does not know: a plain failure line with a fix, not a stack trace
            List<CheckResult> bad = new Doctor(load(pi, "nope/unknown-model")).run();
            assertThat(bad).anySatisfy(r -> {
                assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
                assertThat(r.name()).isEqualTo("model");
                assertThat(r.fix()).contains("agent.model");
            });
        }
    }

    private LoadedConfig load(PiTestRuntime pi, String model) {
        return ConfigLoader.parseLoaded("""
                { "gateway": { "port": %d, "dataDir": "%s" },
                  "agent": { "model": "%s", "piCliPath": "%s", "workspaceDir": "%s", "runtime": { "agentDir": "%s" } } }
                """.formatted(io.pigateway.testing.TestGateway.freePort(), dir.resolve("data"), model, pi.piCli(),
                pi.workDir(), pi.agentDir()), Map.of());
    }

    @Test
    void cdsTrainingRunStartsAThrowawayGatewayAndLeavesNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var files = Files.list(tmp)) {
            before = files.filter(p -> p.getFileName().toString().startsWith("pi-gw-cds-")).count();
        }
        assertThat(run("cds-train").code).isZero();
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("pi-gw-cds-")).count()).isEqualTo(before);
        }
        assertThat(run("--help").out).contains("gateway").doesNotContain("cds-train"); // the launcher's, not the user's
    }

    @Test
    void everySubcommandHasHelpAndTheVersionIsTheBuilds() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"gateway", "--help"},
                new String[] {"doctor", "--help"}, new String[] {"config", "--help"}, new String[] {"config", "show", "--help"},
                new String[] {"send", "--help"}, new String[] {"onboard", "--help"}, new String[] {"pairing", "--help"},
                new String[] {"help", "gateway"})) {
            Captured run = run(args);
            assertThat(run.code).as(String.join(" ", args)).isZero();
            assertThat(run.out).as(String.join(" ", args)).contains("Usage:");
            assertThat(run.err).as(String.join(" ", args)).doesNotContain("Unknown option");
        }
        // every channel with config keys works now: none is announced as missing
        assertThat(run("--help").out).contains("Telegram, Discord, Feishu / Lark").doesNotContain("not yet available");

        Captured version = run("--version");
        assertThat(version.code).isZero();
        assertThat(version.out.trim()).matches("pi-gw \\d+\\.\\d+\\.\\d+.*");
        assertThat(run("gateway", "--version").out.trim()).isEqualTo(version.out.trim());
    }

    @Test
    void configShowLeavesOutChannelsThatDoNotExistYet() throws Exception {
        Path config = dir.resolve("c.jsonc");
        Files.writeString(config, "{ \"channels\": { \"discord\": { \"enabled\": true } } }");
        Captured run = run("config", "show", "--config", config.toString());
        assertThat(run.code).isZero();
        assertThat(run.out).contains("\"discord\"").doesNotContain("not yet available");
        Files.writeString(config, "{ \"channels\": { \"feishu\": { \"enabled\": true } } }");
        assertThat(run("config", "show", "--config", config.toString()).out).contains("\"feishu\"")
                .doesNotContain("not yet available");
    }

    @Test
    void doctorFailsOnAnExplicitPiPathThatDoesNotExistAndPrintsOneLinePerCheck() throws Exception {
        Path config = dir.resolve("c.jsonc");
        Files.writeString(config, """
                { "gateway": { "port": %d, "dataDir": "%s" }, "agent": { "piCliPath": "%s" } }
                """.formatted(io.pigateway.testing.TestGateway.freePort(), dir.resolve("data"), dir.resolve("no/such/pi")));
        Captured run = run("doctor", "--config", config.toString());

        assertThat(run.code).isEqualTo(1);
        assertThat(run.out).contains("[fail] pi: not found at '" + dir.resolve("no/such/pi") + "'")
                .doesNotContain("all good");
        assertThat(run.out.lines()).allSatisfy(line -> assertThat(line).matches("^(\\[(ok|warn|fail)\\]|doctor:) .*"));
        // and the gateway refuses to start rather than install and use another pi
        assertThat(new io.pigateway.rpc.PiRuntimeInstaller("").locate(
                ConfigLoader.loadFile(config, Map.of()).config().agent())).isEmpty();
    }

    @Test
    void aLogLineDuringDoctorStaysOffItsReport() {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String result = QuietLogs.during(() -> {
                org.slf4j.LoggerFactory.getLogger("io.pigateway.rpc.PiPool").error("pool line");
                return "checked";
            });
            assertThat(result).isEqualTo("checked");
        } finally {
            System.setOut(oldOut);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("pool line");
        assertThat(io.pigateway.app.doctor.CheckResult.fail("model", "line one\n  line two", "fix it").line())
                .isEqualTo("[fail] model: line one / line two (fix: fix it)");
    }

    @Test
    void aGatewayWhosePostgresStoreIsUnreachableSaysWhyInOneSentence() throws Exception {
        int closed = io.pigateway.testing.TestGateway.freePort();
        Path config = dir.resolve("pg.jsonc");
        Files.writeString(config, """
                { "gateway": { "port": %d, "dataDir": "%s" },
                  "store": { "kind": "postgres", "postgres": { "url": "jdbc:postgresql://127.0.0.1:%d/pigw",
                    "user": "gw", "password": "pw-never-shown-4711" } } }
                """.formatted(io.pigateway.testing.TestGateway.freePort(), dir.resolve("pgdata"), closed));

        Captured started = run("gateway", "--config", config.toString());

        assertThat(started.code).isEqualTo(1);
        assertThat(started.err).contains("pi-gw: Cannot connect to the PostgreSQL store at store.postgres.url"
                        + " (jdbc:postgresql://127.0.0.1:" + closed + "/pigw): Connection to 127.0.0.1:" + closed + " refused.")
                .doesNotContain("\tat ").doesNotContain("pw-never-shown-4711");
        assertThat(started.out).doesNotContain("\tat ").doesNotContain("pw-never-shown-4711");
    }

    private record Captured(int code, String out, String err) {
    }

    private static Captured run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = PiGwCli.newCommandLine().execute(args);
            return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
