package io.pigateway.core.channel;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may talk to the agent through one channel account: the DM policy mode, the allowlist, the
 * admitted groups and who may talk inside each. A channel computes its rule from its config; the
 * pipeline's policy gate applies it the same way for every channel.
 */
public final class AdmissionRule {
    private AdmissionRule() {
    }

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
     * Who may talk in one admitted group.
     *
     * @param allowFrom sender ids ({@code "*"}: everyone in the group), or null to follow the account's mode
     */
    public record GroupAccess(Set<String> allowFrom) {
        public static final GroupAccess FOLLOW_MODE = new GroupAccess(null);

        public GroupAccess {
            allowFrom = allowFrom != null ? Set.copyOf(allowFrom) : null;
        }
    }

    /**
     * @param allowlist sender ids always admitted (pairing and allowlist modes)
     * @param groups    admitted group chat ids ({@code "*"}: every group, only when listed explicitly;
     *                  empty: no group)
     */
    public record Rule(Mode mode, Set<String> allowlist, Map<String, GroupAccess> groups) {
        public Rule {
            allowlist = allowlist != null ? Set.copyOf(allowlist) : Set.of();
            groups = groups != null ? Map.copyOf(groups) : Map.of();
        }

        /** A rule whose listed groups all follow the account's mode. */
        public static Rule of(Mode mode, Set<String> allowlist, Set<String> groupIds) {
            Map<String, GroupAccess> groups = new HashMap<>();
            groupIds.forEach(id -> groups.put(id, GroupAccess.FOLLOW_MODE));
            return new Rule(mode, allowlist, groups);
        }
    }
}
