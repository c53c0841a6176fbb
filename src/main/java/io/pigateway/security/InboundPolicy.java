package io.pigateway.security;

import io.pigateway.core.InboundMessage;

/**
 * Decides whether an inbound message may reach the agent (DM policy, allowlists, pairing,
 * group mentions). Channel-independent: it sees only the normalized message.
 */
@FunctionalInterface
public interface InboundPolicy {

    Verdict decide(InboundMessage message);

    /**
     * Whether the sender of an admitted message may reset or stop its session ({@code /new},
     * {@code /stop}): in a group that is shared by everyone in it, so it takes more than being admitted.
     */
    default boolean mayControlSession(InboundMessage message) {
        return true;
    }

    /** Lets everything through (the HTTP API and WebChat are authenticated at the edge). */
    InboundPolicy ALLOW_ALL = m -> Verdict.ALLOW;

    /** Allowed, or denied with an optional reply to the sender (e.g. a pairing code). */
    record Verdict(boolean allowed, String reply) {
        public static final Verdict ALLOW = new Verdict(true, null);

        public static Verdict deny(String reply) {
            return new Verdict(false, reply);
        }
    }
}
