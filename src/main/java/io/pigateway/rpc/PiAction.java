package io.pigateway.rpc;

/** What a {@code pi-rpc} exchange asks of the session's process. */
public enum PiAction {
    /** Run a turn with the body as the user message; waits for the final agent_end. */
    PROMPT,
    /** Inject the body into the session's running turn. Fails if none runs. */
    STEER,
    /** Queue the body to run after the current run, in the same run. Fails if none runs. */
    FOLLOW_UP,
    /** Abort the session's running turn; completes once pi stopped it. No-op if none runs. */
    ABORT,
    /** Session statistics (get_session_stats + get_state) for the session, as JSON. */
    STATS
}
