package io.pigateway.security;

import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.AdmissionRule.GroupAccess;
import io.pigateway.core.channel.AdmissionRule.Mode;
import io.pigateway.core.channel.AdmissionRule.Rule;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission gate, channel-independent: whoever passes it can run commands through the agent.
 * Direct messages pass by the channel account's {@link Mode}. Groups are closed by default: a group
 * is admitted only when its chat id (or an explicit {@code "*"}) is listed, and inside an admitted
 * group the sender must pass too: the group's {@code allowFrom} when set, else the account's mode
 * ({@code open}: everyone in the group; {@code allowlist}/{@code pairing}: the allowlist plus
 * approved pairings; {@code disabled}: nobody). Groups never hand out pairing codes.
 * Channels without a {@link Rule} (HTTP API, WebChat: authenticated at the edge) pass.
 * Reads the pairing store on every decision, so approvals made elsewhere apply at once.
 */
public final class DmPolicyGate implements InboundPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DmPolicyGate.class);
    /** Bounds the "logged once" memory against a flood of distinct strangers. */
    private static final int MAX_REMEMBERED_REFUSALS = 10_000;

    private final Set<String> loggedRefusals = ConcurrentHashMap.newKeySet();

    private final PairingStore pairing;
    private final BiFunction<String, String, Rule> rules;

    /** @param rules (channel, accountId) → the rule, or null when the channel is not gated */
    public DmPolicyGate(PairingStore pairing, BiFunction<String, String, Rule> rules) {
        this.pairing = pairing;
        this.rules = rules;
    }

    /**
     * Whether a private chat is the operator's: its sender is on the account's allowlist (approved
     * pairings are admitted to talk, not to control the gateway). Ungated channels count as the
     * operator's (they are authenticated at the edge); groups never do.
     */
    public boolean isOperatorChat(String channel, String accountId, ChatScope scope, String senderId) {
        if (scope != ChatScope.DM) {
            return false;
        }
        Rule rule = rules.apply(channel, accountId);
        return rule == null || (senderId != null && rule.allowlist().contains(senderId));
    }

    /**
     * In groups only people the operator named may reset or stop the group's session: the allowlist,
     * approved pairings, or ids listed in the group's {@code allowFrom} ({@code "*"} and {@code open}
     * admit people to talk, not to control).
     */
    @Override
    public boolean mayControlSession(InboundMessage m) {
        Rule rule = rules.apply(m.channel(), m.accountId());
        if (rule == null || m.scope() == ChatScope.DM) {
            return true;
        }
        String sender = m.senderId();
        if (sender == null) {
            return false;
        }
        GroupAccess access = rule.groups().getOrDefault(m.chatId(), rule.groups().get("*"));
        return rule.allowlist().contains(sender) || pairing.isApproved(m.channel(), m.accountId(), sender)
                || (access != null && access.allowFrom() != null && access.allowFrom().contains(sender));
    }

    @Override
    public Verdict decide(InboundMessage m) {
        Rule rule = rules.apply(m.channel(), m.accountId());
        if (rule == null) {
            return Verdict.ALLOW;
        }
        if (m.scope() != ChatScope.DM) {
            return groupVerdict(m, rule);
        }
        String sender = m.senderId();
        return switch (rule.mode()) {
            case OPEN -> Verdict.ALLOW;
            case DISABLED -> Verdict.deny(null);
            case ALLOWLIST -> sender != null && rule.allowlist().contains(sender) ? Verdict.ALLOW : Verdict.deny(null);
            case PAIRING -> pairingVerdict(m, rule);
        };
    }

    /** Groups: silence for everything refused (a code posted in a group would go to strangers). */
    private Verdict groupVerdict(InboundMessage m, Rule rule) {
        GroupAccess access = rule.groups().get(m.chatId());
        if (access == null) {
            access = rule.groups().get("*");
        }
        String groupKey = "channels." + m.channel() + ".groups.\"" + m.chatId() + "\"";
        if (access == null) {
            logOnce("group:" + m.channel() + ":" + m.chatId(), "Ignoring {} group {}: it is not listed. To admit it, add {}"
                    + " to the config.", m.channel(), m.chatId(), groupKey);
            return Verdict.deny(null);
        }
        String sender = m.senderId();
        if (sender != null && senderAdmittedInGroup(m, rule, access, sender)) {
            return Verdict.ALLOW;
        }
        logOnce("sender:" + m.channel() + ":" + m.chatId() + ":" + sender, "Ignoring sender {} in {} group {}: not"
                + " admitted there. To admit them, add their id to {}.allowFrom (or to the allowlist).",
                sender, m.channel(), m.chatId(), groupKey);
        return Verdict.deny(null);
    }

    private boolean senderAdmittedInGroup(InboundMessage m, Rule rule, GroupAccess access, String sender) {
        if (access.allowFrom() != null) {
            return access.allowFrom().contains("*") || access.allowFrom().contains(sender);
        }
        return switch (rule.mode()) {
            case OPEN -> true;
            case DISABLED -> false;
            case ALLOWLIST, PAIRING -> rule.allowlist().contains(sender)
                    || pairing.isApproved(m.channel(), m.accountId(), sender);
        };
    }

    private void logOnce(String key, String format, Object... args) {
        if (loggedRefusals.size() < MAX_REMEMBERED_REFUSALS && loggedRefusals.add(key)) {
            LOG.info(format, args);
        }
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
