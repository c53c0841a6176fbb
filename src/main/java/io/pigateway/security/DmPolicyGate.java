package io.pigateway.security;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The DM policy gate, channel-independent: direct messages pass by the channel account's
 * {@link Mode}; group messages pass when the group is admitted by the channel's group list
 * (empty: every group). Pairing approvals admit a sender's DMs only, never their groups.
 * Channels without a {@link Rule} (HTTP API, WebChat: authenticated at the edge) pass.
 * Reads the pairing store on every decision, so approvals made elsewhere apply at once.
 */
public final class DmPolicyGate implements InboundPolicy {

    public enum Mode {
        PAIRING, ALLOWLIST, OPEN, DISABLED;

        public static Mode fromConfig(String value) {
            if (value == null || value.isBlank()) {
                return PAIRING;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown dmPolicy '" + value
                        + "' (expected pairing, allowlist, open or disabled)", e);
            }
        }
    }

    /**
     * @param allowlist sender ids always admitted in DMs (pairing and allowlist modes)
     * @param groups    group chat ids admitted ({@code *} or empty: all)
     */
    public record Rule(Mode mode, Set<String> allowlist, Set<String> groups) {
        public Rule {
            allowlist = allowlist != null ? Set.copyOf(allowlist) : Set.of();
            groups = groups != null ? Set.copyOf(groups) : Set.of();
        }
    }

    private final PairingStore pairing;
    private final BiFunction<String, String, Rule> rules;

    /** @param rules (channel, accountId) → the rule, or null when the channel is not gated */
    public DmPolicyGate(PairingStore pairing, BiFunction<String, String, Rule> rules) {
        this.pairing = pairing;
        this.rules = rules;
    }

    @Override
    public Verdict decide(InboundMessage m) {
        Rule rule = rules.apply(m.channel(), m.accountId());
        if (rule == null) {
            return Verdict.ALLOW;
        }
        if (m.scope() != ChatScope.DM) {
            boolean admitted = rule.groups().isEmpty() || rule.groups().contains("*")
                    || rule.groups().contains(m.chatId());
            return admitted ? Verdict.ALLOW : Verdict.deny(null);
        }
        String sender = m.senderId();
        return switch (rule.mode()) {
            case OPEN -> Verdict.ALLOW;
            case DISABLED -> Verdict.deny(null);
            case ALLOWLIST -> sender != null && rule.allowlist().contains(sender) ? Verdict.ALLOW : Verdict.deny(null);
            case PAIRING -> pairingVerdict(m, rule);
        };
    }

    private Verdict pairingVerdict(InboundMessage m, Rule rule) {
        String sender = m.senderId();
        if (sender == null) {
            return Verdict.deny(null);
        }
        if (rule.allowlist().contains(sender) || pairing.isApproved(m.channel(), m.accountId(), sender)) {
            return Verdict.ALLOW;
        }
        Optional<PairingRequest> request = pairing.requestFor(m.channel(), m.accountId(), sender, m.senderName());
        if (request.isEmpty()) {
            return Verdict.deny("This bot is private and has too many pending access requests. Please try again later.");
        }
        String account = "default".equals(m.accountId()) ? "" : " --account " + m.accountId();
        return Verdict.deny("This bot is private. Your pairing code: " + request.get().code()
                + "\nAsk the operator to run: pi-gw pairing approve " + m.channel() + " " + request.get().code()
                + account + "\n(The code is valid for one hour.)");
    }
}
