package io.pigateway.tools;

/** What the {@code gateway} tool may do to the running gateway. */
public interface GatewayControl {
    /** Re-reads the config file; a short report, or a {@link ToolException} when it is refused. */
    String reload();

    /**
     * Schedules a graceful restart once {@code sessionKey}'s running turn (the one asking) has
     * finished, so the agent's answer still reaches the chat; answers at once.
     */
    String restartAfterTurn(String sessionKey);
}
