package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.ApiJson;

/**
 * An error as OpenAI answers it: {@code {"error":{"message","type","param","code"}}} with the
 * HTTP status its SDKs map to an exception class (400 BadRequestError, 401 AuthenticationError,
 * 429 RateLimitError, ...). Also translates the gateway's own error codes (the auth gate's, a
 * turn's) into that vocabulary.
 */
record OpenAiError(int status, String type, String code, String param, String message) {

    /** A 400 that names the request field at fault. */
    static OpenAiError badRequest(String param, String message) {
        return new OpenAiError(400, "invalid_request_error", "invalid_value", param, message);
    }

    /** A gateway error code (auth gate, 404/405, a failed turn) in OpenAI's words. */
    static OpenAiError fromGateway(int status, String code, String message) {
        return switch (code) {
            case "unauthorized" -> new OpenAiError(401, "invalid_request_error", "invalid_api_key", null,
                    "Incorrect API key provided: use the gateway token as the API key (Authorization: Bearer <token>).");
            case "too_many_attempts" -> new OpenAiError(429, "rate_limit_error", "rate_limit_exceeded", null, message);
            case "not_found" -> new OpenAiError(404, "invalid_request_error", "unknown_url", null, message);
            case "method_not_allowed" -> new OpenAiError(405, "invalid_request_error", "method_not_allowed", null, message);
            default -> new OpenAiError(status, status >= 500 ? "server_error" : "invalid_request_error", code, null, message);
        };
    }

    /** A turn that ended without an answer ({@code TurnObserver.onError}'s code) as OpenAI's error. */
    static OpenAiError fromTurn(String code, String message) {
        return switch (code) {
            case "busy" -> new OpenAiError(429, "rate_limit_error", "session_busy", null, message);
            case "pool_busy", "pi_unavailable", "restarting" -> new OpenAiError(503, "server_error", code, null, message);
            case "timeout" -> new OpenAiError(504, "server_error", "timeout", null, message);
            case "denied" -> new OpenAiError(403, "invalid_request_error", "denied", null, message);
            case "killed", "aborted" -> new OpenAiError(409, "invalid_request_error", code, null, message);
            case "internal" -> new OpenAiError(500, "server_error", "internal", null, message);
            default -> new OpenAiError(502, "server_error", code, null, message); // agent_error, pi_crashed, ...
        };
    }

    /** Seconds a client should wait before retrying, for the statuses that invite a retry (else 0). */
    long retryAfterSeconds() {
        return status == 429 || status == 503 ? 1 : 0;
    }

    ObjectNode json() {
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type);
        if (param != null) {
            error.put("param", param);
        } else {
            error.putNull("param");
        }
        error.put("code", code);
        return root;
    }
}
