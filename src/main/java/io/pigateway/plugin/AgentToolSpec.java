package io.pigateway.plugin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool a plugin gives the agent. pi sees {@code name}, {@code description} and the JSON-schema
 * {@code parameters}; a call reaches {@code handler} through the gateway's tool bridge, authenticated
 * with the calling pi process's secret and bound to the session of the turn it runs.
 *
 * @param parameters a JSON schema object, e.g. {@code {"type":"object","properties":{...}}}
 */
public record AgentToolSpec(String name, String description, JsonNode parameters, Handler handler) {

    /** Runs one call; the returned text is the tool result the agent reads. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param sessionKey the session whose turn called the tool
         * @param args       the arguments pi sent (matching {@code parameters})
         */
        String call(String sessionKey, JsonNode args) throws Exception;
    }
}
