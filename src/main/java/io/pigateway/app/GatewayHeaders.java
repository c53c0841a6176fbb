package io.pigateway.app;

/** Exchange headers and properties of the gateway pipeline. */
public final class GatewayHeaders {
    /** Header: the session key (set by the session router, or by a trusted caller). */
    public static final String SESSION_KEY = io.pigateway.core.session.SessionRouter.SESSION_KEY_HEADER;
    /** Header: the channel name of the message a route handles. */
    public static final String CHANNEL = "PiGatewayChannel";
    /** Property: the {@link io.pigateway.core.TurnObserver} that wants the answer. */
    public static final String OBSERVER = "PiGatewayObserver";
    /** Property: the original inbound message of a turn. */
    public static final String INBOUND = "PiGatewayInbound";
    /** Property: the key the inbound route submitted the message under. */
    public static final String ROUTED_KEY = "PiGatewayRoutedKey";
    /** Property: set to true by a hook or the policy gate to drop the message. */
    public static final String REJECTED = "PiGatewayRejected";

    private GatewayHeaders() {
    }
}
