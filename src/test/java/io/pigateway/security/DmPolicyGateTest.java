package io.pigateway.security;

import io.pigateway.core.channel.AdmissionRule;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.channel.AdmissionRule.Mode;
import io.pigateway.core.channel.AdmissionRule.Rule;
import io.pigateway.security.InboundPolicy.Verdict;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import io.pigateway.core.channel.AdmissionRule.GroupAccess;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        rule.set(Rule.of(Mode.PAIRING, Set.of(), Set.of("-100")));
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
        // an unlisted group stays closed even for the approved sender; in a listed group the
        // approved sender passes, a stranger does not (and gets no code there)
        assertThat(gate.decide(group("-999", "42")).allowed()).isFalse();
        assertThat(gate.decide(group("-100", "42")).allowed()).isTrue();
        assertThat(gate.decide(group("-100", "7"))).isEqualTo(Verdict.deny(null));
    }

    @Test
    void allowlistOpenDisabledAndUngatedChannels() {
        rule.set(Rule.of(Mode.ALLOWLIST, Set.of("42"), Set.of()));
        assertThat(gate.decide(dm("42")).allowed()).isTrue();
        assertThat(gate.decide(dm("43"))).isEqualTo(Verdict.deny(null));
        assertThat(pairing.pending()).isEmpty();

        rule.set(Rule.of(Mode.OPEN, Set.of(), Set.of()));
        assertThat(gate.decide(dm("43")).allowed()).isTrue();

        rule.set(Rule.of(Mode.DISABLED, Set.of("42"), Set.of("-5")));
        assertThat(gate.decide(dm("42")).allowed()).isFalse();
        assertThat(gate.decide(group("-5", "42")).allowed()).isFalse(); // disabled: nobody without allowFrom

        assertThat(gate.decide(InboundMessage.direct("api", "x", "hi")).allowed()).isTrue();
    }

    @Test
    void pairingAdmitsTheAllowlistWithoutACode() {
        rule.set(Rule.of(Mode.PAIRING, Set.of("42"), Set.of()));
        assertThat(gate.decide(dm("42")).allowed()).isTrue();
        assertThat(pairing.pending()).isEmpty();
    }

    /** The default, no groups configured: no group reaches the agent, whatever the mode. */
    @ParameterizedTest
    @CsvSource({"PAIRING", "ALLOWLIST", "OPEN", "DISABLED"})
    void noGroupIsAdmittedUnlessListed(Mode mode) {
        rule.set(Rule.of(mode, Set.of("42"), Set.of()));
        assertThat(gate.decide(group("-100", "42"))).isEqualTo(Verdict.deny(null));
        assertThat(gate.decide(group("-100", "7"))).isEqualTo(Verdict.deny(null));
        assertThat(pairing.pending()).isEmpty();
    }

    /**
     * Inside a listed (or explicitly "*") group: allowFrom when set, else the mode decides.
     * Columns: mode, group entry (listed | star), allowFrom (none | ids | star), sender
     * (allowlisted 42 | paired 50 | stranger 7), admitted?
     */
    @ParameterizedTest(name = "{0} group={1} allowFrom={2} sender={3} -> {4}")
    @CsvSource({
            // allowFrom absent: follows the mode
            "OPEN,      listed, none, 42, true",  "OPEN,      listed, none, 50, true",  "OPEN,      listed, none, 7, true",
            "ALLOWLIST, listed, none, 42, true",  "ALLOWLIST, listed, none, 50, true",  "ALLOWLIST, listed, none, 7, false",
            "PAIRING,   listed, none, 42, true",  "PAIRING,   listed, none, 50, true",  "PAIRING,   listed, none, 7, false",
            "DISABLED,  listed, none, 42, false", "DISABLED,  listed, none, 50, false", "DISABLED,  listed, none, 7, false",
            "PAIRING,   star,   none, 42, true",  "PAIRING,   star,   none, 7, false",
            "OPEN,      star,   none, 7, true",
            // allowFrom ["7"]: exactly those ids, whatever the mode
            "OPEN,      listed, ids, 42, false",  "OPEN,      listed, ids, 7, true",
            "PAIRING,   listed, ids, 50, false",  "PAIRING,   listed, ids, 7, true",
            "DISABLED,  listed, ids, 7, true",    "DISABLED,  star,   ids, 7, true",
            // allowFrom ["*"]: everyone in that group
            "DISABLED,  listed, star, 7, true",   "PAIRING,   listed, star, 7, true",
    })
    void insideAnAdmittedGroupTheSenderIsDecidedToo(Mode mode, String entry, String allowFrom, String sender,
                                                     boolean admitted) {
        Set<String> from = switch (allowFrom) {
            case "ids" -> Set.of("7");
            case "star" -> Set.of("*");
            default -> null;
        };
        rule.set(new Rule(mode, Set.of("42"), Map.of("listed".equals(entry) ? "-100" : "*", new GroupAccess(from))));
        pairOnce("50");

        Verdict verdict = gate.decide(group("-100", sender));

        assertThat(verdict.allowed()).isEqualTo(admitted);
        if (!admitted) {
            assertThat(verdict.reply()).as("groups never hand out pairing codes").isNull();
        }
        assertThat(pairing.pending()).isEmpty();
        // another group stays closed unless "*" is listed
        assertThat(gate.decide(group("-200", sender)).allowed()).isEqualTo(admitted && "star".equals(entry));
    }

    /** Approves sender {@code id} through the real pairing flow, as the operator would. */
    private void pairOnce(String id) {
        Rule saved = rule.get();
        rule.set(Rule.of(Mode.PAIRING, Set.of(), Set.of()));
        gate.decide(dm(id));
        String code = pairing.pending().get(0).code();
        assertThat(pairing.approve("telegram", code, null)).isPresent();
        rule.set(saved);
    }
}
