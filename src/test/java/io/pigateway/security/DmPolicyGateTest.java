package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.security.DmPolicyGate.Mode;
import io.pigateway.security.DmPolicyGate.Rule;
import io.pigateway.security.InboundPolicy.Verdict;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmPolicyGateTest {
    @TempDir
    Path dataDir;
    StateStore store;
    PairingStore pairing;
    final AtomicReference<Rule> rule = new AtomicReference<>();
    DmPolicyGate gate;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dataDir);
        pairing = new PairingStore(store);
        gate = new DmPolicyGate(pairing, (channel, account) -> "telegram".equals(channel) ? rule.get() : null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static InboundMessage dm(String sender) {
        return new InboundMessage("telegram", "default", ChatScope.DM, sender, null, sender, "name", "hi", null, true,
                "1", null);
    }

    static InboundMessage group(String chat, String sender) {
        return new InboundMessage("telegram", "default", ChatScope.GROUP, chat, null, sender, null, "hi", null, true,
                "1", null);
    }

    @Test
    void pairingGivesACodeUntilApprovedThenAdmitsAtOnce() {
        rule.set(new Rule(Mode.PAIRING, Set.of(), Set.of("-100")));
        Verdict first = gate.decide(dm("42"));
        assertThat(first.allowed()).isFalse();
        String code = pairing.pending().get(0).code();
        assertThat(first.reply()).contains(code, "pi-gw pairing approve telegram " + code);
        assertThat(gate.decide(dm("42")).reply()).contains(code); // same code while pending

        // another store instance on the same file, like the CLI in another process
        try (StateStore cli = SqliteStateStore.open(dataDir)) {
            assertThat(new PairingStore(cli).approve("telegram", code, null)).isPresent();
        }
        assertThat(gate.decide(dm("42")).allowed()).isTrue();
        // the approval is for DMs: an unlisted group stays closed, a listed one is open to everyone
        assertThat(gate.decide(group("-999", "42")).allowed()).isFalse();
        assertThat(gate.decide(group("-100", "7")).allowed()).isTrue();
    }

    @Test
    void allowlistOpenDisabledAndUngatedChannels() {
        rule.set(new Rule(Mode.ALLOWLIST, Set.of("42"), Set.of()));
        assertThat(gate.decide(dm("42")).allowed()).isTrue();
        assertThat(gate.decide(dm("43"))).isEqualTo(Verdict.deny(null));
        assertThat(pairing.pending()).isEmpty();

        rule.set(new Rule(Mode.OPEN, Set.of(), Set.of()));
        assertThat(gate.decide(dm("43")).allowed()).isTrue();

        rule.set(new Rule(Mode.DISABLED, Set.of("42"), Set.of()));
        assertThat(gate.decide(dm("42")).allowed()).isFalse();
        assertThat(gate.decide(group("-5", "42")).allowed()).isTrue(); // groups are not DMs

        assertThat(gate.decide(InboundMessage.direct("api", "x", "hi")).allowed()).isTrue();
    }

    @Test
    void pairingAdmitsTheAllowlistWithoutACode() {
        rule.set(new Rule(Mode.PAIRING, Set.of("42"), Set.of()));
        assertThat(gate.decide(dm("42")).allowed()).isTrue();
        assertThat(pairing.pending()).isEmpty();
    }
}
