package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pi-gw pairing} against the state store in dataDir, without a running gateway. */
class PairingCommandTest {
    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PiGwCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listApproveAndDeny() throws Exception {
        Path config = Files.writeString(dataDir.resolve("c.jsonc"), "{ \"gateway\": { \"dataDir\": \"" + dataDir + "\" } }");
        String a;
        String b;
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            PairingStore pairing = new PairingStore(store);
            a = pairing.requestFor("telegram", "default", "42", "ann").orElseThrow().code();
            b = pairing.requestFor("telegram", "work", "43", null).orElseThrow().code();
        }
        Run list = run("pairing", "list", "--config", config.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(a, "sender=42 (ann)", b, "account=work");

        assertThat(run("pairing", "approve", "telegram", b, "--account", "default", "--config", config.toString())
                .exit()).isEqualTo(1); // b belongs to account work
        Run approved = run("pairing", "approve", "telegram", a.toLowerCase(), "--config", config.toString());
        assertThat(approved.exit()).isZero();
        assertThat(approved.out()).contains("Approved telegram sender 42");
        assertThat(run("pairing", "deny", "telegram", b, "--account", "work", "--config", config.toString()).exit())
                .isZero();
        assertThat(run("pairing", "approve", "telegram", "0OI1XXXX", "--config", config.toString()).exit())
                .isEqualTo(2);

        Run after = run("pairing", "list", "--config", config.toString());
        assertThat(after.out()).contains("No pending pairing requests.", "telegram:default:42");
        try (StateStore store = SqliteStateStore.open(dataDir)) {
            PairingStore pairing = new PairingStore(store);
            assertThat(pairing.isApproved("telegram", "default", "42")).isTrue();
            assertThat(pairing.isApproved("telegram", "work", "43")).isFalse();
        }
    }
}
