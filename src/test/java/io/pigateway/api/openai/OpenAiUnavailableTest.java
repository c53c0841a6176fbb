package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pi that cannot start: the OpenAI API answers 503 with Retry-After in OpenAI's error shape. */
class OpenAiUnavailableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anAgentThatCannotStartIs503() throws Exception {
        Path brokenPi = dir.resolve("broken-pi");
        Files.writeString(brokenPi, "#!/bin/sh\necho 'cannot start: broken install' >&2\nexit 1\n");
        Files.setPosixFilePermissions(brokenPi, PosixFilePermissions.fromString("rwx------"));
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             // the last "agent" object wins (JSONC: duplicate keys, last value): the same agent with a broken pi
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "", "", """
                     "agent": { "model": "fake/fake-echo", "piCliPath": "%s", "workspaceDir": "%s",
                                "runtime": { "agentDir": "%s" }, "pool": { "min": 1, "max": 1 }, "turnTimeoutMs": 20000 }
                     """.formatted(brokenPi, pi.workDir(), pi.agentDir()))) {
            HttpResponse<String> r = gw.post("/v1/chat/completions",
                    "{\"model\":\"pi\",\"messages\":[{\"role\":\"user\",\"content\":\"anyone there?\"}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            JsonNode error = JSON.readTree(r.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("pi_unavailable");
            assertThat(error.path("type").asText()).isEqualTo("server_error");
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(llm.requestCount()).isZero();
        }
    }
}
