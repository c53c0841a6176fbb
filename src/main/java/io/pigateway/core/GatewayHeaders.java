package io.pigateway.core;

/** Names of the Camel message headers the gateway routes agree on. */
public final class GatewayHeaders {

    /** The session key ({@code agent:...}) a message belongs to; set by the session router or a trusted caller. */
    public static final String SESSION_KEY = "PiGatewaySessionKey";

    /** The hook point id while a hook context travels through a {@code direct:hook-<name>} route. */
    public static final String HOOK = "PiGatewayHook";

    private GatewayHeaders() {
    }
}
