package io.pigateway.rpc;

import org.apache.camel.spi.Metadata;

/**
 * Exchange headers understood by the {@code pi-rpc} component (the {@code headersClass} of
 * {@link PiRpcEndpoint}).
 *
 * <p>A {@code prompt} exchange carries the user text as its body, the session key and the
 * session file in headers, and optionally a {@link PiEventListener} that receives pi's events
 * while the turn runs. The producer completes the exchange with a {@link PiTurnResult} body
 * once the run is final (see the completion rule in PI-RPC.md), or with a
 * {@link PiRpcException} whose message is fit for the user.
 */
public final class PiRpcConstants {
    @Metadata(description = "The session key, e.g. agent:main:telegram:dm:42: which conversation the "
            + "exchange is about. Required.", javaType = "String", required = true)
    public static final String SESSION_KEY = "PiRpcSessionKey";
    @Metadata(description = "Absolute path of the session's pi session file (its history). Required for "
            + "prompt and stats.", javaType = "String")
    public static final String SESSION_FILE = "PiRpcSessionFile";
    @Metadata(description = "What to do: prompt (the default), steer, follow_up, abort or stats "
            + "(names of PiAction, any case, '-' for '_').", javaType = "String", defaultValue = "prompt",
            enums = "prompt,steer,follow_up,abort,stats")
    public static final String ACTION = "PiRpcAction";
    @Metadata(description = "Receives the events of this turn (text deltas, tool calls, compaction) on pi's "
            + "reader thread; must not block. Optional, prompt only.",
            javaType = "io.pigateway.rpc.PiEventListener")
    public static final String LISTENER = "PiRpcListener";
    @Metadata(description = "Turn timeout in ms of this exchange (default: the endpoint's turnTimeoutMs, "
            + "else the pool's). Prompt only.", javaType = "Long")
    public static final String TIMEOUT_MS = "PiRpcTimeoutMs";

    @Metadata(description = "Runs this exchange on the pool of that name instead of the endpoint's (started on "
            + "first use with the component's settings): one route serves every pool, e.g. a role's. Optional.",
            javaType = "String")
    public static final String POOL = "PiRpcPool";

    private PiRpcConstants() {
    }
}
