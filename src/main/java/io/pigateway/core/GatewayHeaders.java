package io.pigateway.core;

/** Names of the Camel message headers the gateway routes agree on. */
public final class GatewayHeaders {

    /** The session key ({@code agent:...}) a message belongs to; set by the session router or a trusted caller. */
    public static final String SESSION_KEY = "PiGatewaySessionKey";

    /** The hook point id while a hook context travels through a {@code direct:hook-<name>} route. */
    public static final String HOOK = "PiGatewayHook";

    /** YAML channel header: the chat id (required on {@code direct:inbound}; set on answers). */
    public static final String CHAT_ID = "PiGatewayChatId";

    /** YAML channel header: the author's id (default: the chat id). */
    public static final String SENDER_ID = "PiGatewaySenderId";

    /** YAML channel header: the author's display name. */
    public static final String SENDER_NAME = "PiGatewaySenderName";

    /** YAML channel header: {@code dm} (default) or {@code group}. */
    public static final String SCOPE = "PiGatewayScope";

    /** YAML channel header: a thread or topic id within the chat. */
    public static final String THREAD_ID = "PiGatewayThreadId";

    /** YAML channel header: the account within the channel (default {@code default}). */
    public static final String ACCOUNT_ID = "PiGatewayAccountId";

    /** {@code direct:send} header: where the text goes, e.g. {@code telegram:1001} or {@code filechan:chat42}. */
    public static final String TO = "PiGatewayTo";

    /** Header: the channel name of the message a route handles. */
    public static final String CHANNEL = "PiGatewayChannel";

    /** Property: the {@link TurnObserver} that wants the answer (absent: the channel renders it). */
    public static final String OBSERVER = "PiGatewayObserver";

    /** Property: the original inbound message of a turn. */
    public static final String INBOUND = "PiGatewayInbound";

    /** Property: the key the inbound route submitted the message under. */
    public static final String ROUTED_KEY = "PiGatewayRoutedKey";

    /** Property: set by a hook or the policy gate to drop the message (the value says why). */
    public static final String REJECTED = "PiGatewayRejected";

    /** Property: the {@link ReplyTarget} an outbound exchange ({@code direct:outbound}) delivers to. */
    public static final String REPLY_TARGET = "PiGatewayReplyTarget";

    /** Header on an outbound exchange: the id of the chat message a sent text replies to. */
    public static final String REPLY_TO = "PiGatewayReplyTo";

    /** Header set by a channel's outbound route: the id of the message it just sent. */
    public static final String MESSAGE_ID = "PiGatewayMessageId";

    /** Header: the role that serves the message's turn (e.g. a Telegram group's configured role). */
    public static final String ROLE = "PiGatewayRole";

    /**
     * Property (Boolean): the operator's own message posted into a chat (a cron job with delivery
     * {@code direct}): the policy gate (dmPolicy, allowlist, a group's allowFrom) is not asked, as for
     * the authenticated API; hooks still are. Only the gateway's code sets it, never a channel.
     */
    public static final String FROM_OPERATOR = "PiGatewayFromOperator";

    private GatewayHeaders() {
    }
}
