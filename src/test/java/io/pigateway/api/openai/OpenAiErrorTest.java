package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Gateway and turn error codes as OpenAI error objects with the statuses the SDKs expect. */
class OpenAiErrorTest {

    @Test
    void turnErrors() {
        assertThat(OpenAiError.fromTurn("busy", "m").status()).isEqualTo(429);
        assertThat(OpenAiError.fromTurn("busy", "m").retryAfterSeconds()).isPositive();
        assertThat(OpenAiError.fromTurn("pool_busy", "m").status()).isEqualTo(503);
        assertThat(OpenAiError.fromTurn("pi_unavailable", "m").status()).isEqualTo(503);
        assertThat(OpenAiError.fromTurn("pi_unavailable", "m").retryAfterSeconds()).isPositive();
        assertThat(OpenAiError.fromTurn("timeout", "m").status()).isEqualTo(504);
        assertThat(OpenAiError.fromTurn("agent_error", "m").status()).isEqualTo(502);
        assertThat(OpenAiError.fromTurn("agent_error", "m").type()).isEqualTo("server_error");
        assertThat(OpenAiError.fromTurn("internal", "m").status()).isEqualTo(500);
        assertThat(OpenAiError.fromTurn("agent_error", "m").retryAfterSeconds()).isZero();
    }

    @Test
    void gatewayRefusals() {
        OpenAiError unauthorized = OpenAiError.fromGateway(401, "unauthorized", "x");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.code()).isEqualTo("invalid_api_key");
        assertThat(OpenAiError.fromGateway(429, "too_many_attempts", "x").type()).isEqualTo("rate_limit_error");
        assertThat(OpenAiError.fromGateway(404, "not_found", "x").status()).isEqualTo(404);
    }

    @Test
    void theShapeHasMessageTypeParamAndCode() {
        assertThat(OpenAiError.badRequest("model", "bad").json().toString()).isEqualTo(
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"invalid_value\"}}");
        assertThat(OpenAiError.fromTurn("busy", "m").json().path("error").path("param").isNull()).isTrue();
    }
}
