package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.NpmTestInstall;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm SDK (pinned, installed by the test into
 * {@code .pi-runtime/openai-sdk}) talks to a real gateway with the real pi and the fake LLM:
 * models list, a completion, a stream read with {@code for await} and assembled by the SDK's own
 * helper, a session kept by {@code user}, and a wrong key raising {@code AuthenticationError}.
 * The script fails (and so this test) if the SDK cannot parse what the gateway sends.
 */
class OpenAiSdkPeerTest {
    /** 6.x runs on Node.js 20 (7.x needs 22). */
    static final String SDK = "openai@6.49.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theOfficialSdkTalksToTheGateway() throws Exception {
        Path sdkDir = NpmTestInstall.runtimeDir("openai-sdk");
        NpmTestInstall.ensure(sdkDir, SDK, sdkDir.resolve("node_modules/openai/package.json"));
        Path script = dir.resolve("peer.cjs");
        try (var in = getClass().getResourceAsStream("/openai-sdk/peer.cjs")) {
            Files.copy(in, script);
        }
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 2, "", "", "")) {
            Path stdout = dir.resolve("peer.out");
            Path stderr = dir.resolve("peer.err");
            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            node.environment().put("OPENAI_SDK_DIR", sdkDir.toString());
            node.environment().put("GATEWAY_URL", gw.url(""));
            node.environment().put("GATEWAY_TOKEN", TestGateway.TOKEN);
            node.environment().remove("OPENAI_API_KEY");
            node.environment().remove("OPENAI_BASE_URL");
            Process process = node.start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("the SDK peer finished").isTrue();
            assertThat(process.exitValue()).as("peer stderr: " + Files.readString(stderr)).isZero();
            JsonNode out = JSON.readTree(Files.readString(stdout));

            assertThat(out.path("models").toString()).isEqualTo("[\"pi\"]");

            JsonNode completion = out.path("completion");
            assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
            assertThat(completion.path("content").asText()).endsWith("hello from the sdk").startsWith("echo: ");
            assertThat(completion.path("finishReason").asText()).isEqualTo("stop");
            assertThat(completion.path("usage").path("prompt_tokens").asLong()).isEqualTo(10);

            JsonNode stream = out.path("stream");
            assertThat(stream.path("text").asText()).isEqualTo("echo: stream from the sdk");
            assertThat(stream.path("chunks").asInt()).isGreaterThan(3);
            assertThat(stream.path("finishReason").asText()).isEqualTo("stop");
            assertThat(stream.path("usage").path("total_tokens").asLong()).isGreaterThan(10);
            assertThat(out.path("assembled").asText()).isEqualTo("echo: assembled");

            JsonNode session = out.path("session");
            assertThat(session.path("second").asText()).isEqualTo("echo: what did I ask you to remember?");
            // the second turn reached the model with the first one in pi's history of that user's session
            JsonNode secondRequest = llm.requests().stream()
                    .filter(r -> FakeLlmServer.lastUserText(r).equals("what did I ask you to remember?"))
                    .findFirst().orElseThrow();
            assertThat(FakeLlmServer.allText(secondRequest)).contains("remember 6620");

            JsonNode wrongKey = out.path("wrongKey");
            assertThat(wrongKey.path("isAuthenticationError").asBoolean()).as(wrongKey.toString()).isTrue();
            assertThat(wrongKey.path("status").asInt()).isEqualTo(401);
            assertThat(wrongKey.path("code").asText()).isEqualTo("invalid_api_key");
        }
    }
}
