package io.pigateway.plugin;

import com.fasterxml.jackson.databind.JsonNode;

/** A plugin's WebSocket method: params in, result out (a thrown exception becomes an error frame). */
@FunctionalInterface
public interface GatewayMethod {
    JsonNode call(JsonNode params) throws Exception;
}
