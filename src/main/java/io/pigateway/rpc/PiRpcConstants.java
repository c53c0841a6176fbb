package io.pigateway.rpc;

/**
 * Exchange headers understood by the {@code pi-rpc} component.
 *
 * <p>A {@code prompt} exchange carries the user text as its body, the session key and the
 * session file in headers, and optionally a {@link PiEventListener} that receives pi's events
 * while the turn runs. The producer completes the exchange with a {@link PiTurnResult} body
 * once the run is final (see the completion rule in PI-RPC.md), or with a
 * {@link PiRpcException} whose message is fit for the user.
 */
public final class PiRpcConstants {
    /** String: session key, e.g. {@code agent:main:telegram:dm:42}. Required. */
    public static final String SESSION_KEY = "PiRpcSessionKey";
    /** String: absolute path of the session's pi session file. Required for prompt. */
    public static final String SESSION_FILE = "PiRpcSessionFile";
    /** String: {@link PiAction} name; default {@code prompt}. */
    public static final String ACTION = "PiRpcAction";
    /** {@link PiEventListener}: receives events of this turn. Optional. */
    public static final String LISTENER = "PiRpcListener";
    /** String: the role whose capabilities to load (selects a process spawned for it). Optional. */
    public static final String ROLE = "PiRpcRole";
    /** Long: turn timeout in ms for this exchange; default from the endpoint. */
    public static final String TIMEOUT_MS = "PiRpcTimeoutMs";
    /** Set on the result: pid of the process that served the turn (diagnostics, tests). */
    public static final String PROCESS_PID = "PiRpcProcessPid";

    private PiRpcConstants() {
    }
}
