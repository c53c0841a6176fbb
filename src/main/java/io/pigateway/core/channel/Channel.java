package io.pigateway.core.channel;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * The channel SPI: what a chat platform contributes to the gateway. A channel translates at its
 * edge (platform updates into {@link InboundMessage}s sent to {@code direct:inbound}; answers
 * from {@code direct:outbound-<name>} back into platform calls) and nowhere else; the core never
 * knows which channel it serves. Built-in channels and plugin channels implement the same
 * interface and are registered through {@code GatewayPluginApi.registerChannel}.
 */
public interface Channel {
    /** The name in session keys, addresses ({@code telegram:1001}) and routes ({@code direct:outbound-telegram}). */
    String name();

    /** Renders the answer to {@code message} back into its chat (the default observer of its turns). */
    TurnObserver observerFor(InboundMessage message);

    /** Whether the channel runs this account (for addresses like {@code telegram:work:1001}). */
    default boolean hasAccount(String accountId) {
        return accountId == null || "default".equals(accountId);
    }

    /** What the agent tools and {@code /api/send} do in this channel's chats (send, edit, media...). */
    default ChatActions actions() {
        return ChatActions.none(name());
    }

    /**
     * Who may talk to the agent through {@code accountId}, as the running config says now (a config
     * reload changes it at once); null when the channel admits everyone it delivers (an
     * authenticated edge, or a YAML route whose author decides).
     */
    default AdmissionRule.Rule admission(String accountId) {
        return null;
    }

    /**
     * Whether a group message that does not address the bot should be ignored (the mention gate
     * of the inbound route; DMs always pass). Default: yes, groups answer only when addressed.
     */
    default boolean requiresMention(InboundMessage message) {
        return true;
    }

    /** The role whose capabilities serve this message's turn (e.g. a group's {@code role}), or null. */
    default String roleFor(InboundMessage message) {
        return null;
    }

    /** The channel's own routes ({@code direct:outbound-<name>}, webhooks), or null. */
    default RoutesBuilder routes() {
        return null;
    }

    /**
     * HTTP paths that carry no gateway auth because the channel authenticates them itself (webhooks).
     * Asked once; the set is kept and consulted per request, so it may be a live view that a
     * {@link #reconfigure} changes.
     */
    default Set<String> publicPaths() {
        return Set.of();
    }

    /** What {@code GET /health} shows for this channel. */
    default Map<String, Object> health() {
        return Map.of("running", true);
    }

    /**
     * Each account's connection to its platform (the readiness check and {@code /metrics} read it);
     * empty for a channel without a connection of its own (WebChat, the API).
     */
    default java.util.List<ChannelStatus> statuses() {
        return java.util.List.of();
    }

    /** Errors, 429s and reconnects against the platform, or null when the channel counts none. */
    default ChannelCounters counters() {
        return null;
    }

    /** Connects to the platform once the routes run (polling, webhooks registration). */
    default void start(CamelContext camel) throws Exception {
    }

    /**
     * Stops taking new messages from the platform before a restart or a stop (the gateway drains):
     * what the platform still holds must reach the next run, e.g. a poller stops polling so an
     * unconfirmed update is fetched again. Answers of turns in flight must still be delivered.
     * Default: nothing (messages that arrive meanwhile are taken as work in flight).
     */
    default void pause() {
    }

    /** Disconnects; called before the routes stop. */
    default void stop() {
    }

    /**
     * Connects {@code accountId} to its platform again (null: every account that is parked, see
     * {@link AccountParking}), forgetting its failures: what {@code POST /api/channels/<name>/restart}
     * does after the operator fixed the cause. Returns what it did (e.g. {@code ["restarted account
     * work"]}); empty when there was nothing to restart.
     */
    default java.util.List<String> restart(String accountId) {
        return java.util.List.of();
    }

    /**
     * The running config was reloaded: applies what the channel can without a restart, reading the
     * config as last reloaded (as {@link #admission} does). A channel with accounts starts the ones
     * added, stops the removed ones and restarts those whose token changed, one by one; the others
     * keep running; accounts parked after a crash loop are retried. Returns what it did, for the log
     * (e.g. {@code ["started work", "stopped old"]}).
     */
    default java.util.List<String> reconfigure() {
        return java.util.List.of();
    }
}
