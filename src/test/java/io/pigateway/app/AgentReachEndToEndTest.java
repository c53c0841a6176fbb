package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.rpc.BwrapSandbox;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real pi can reach through its bash tool, run by the fake LLM: the gateway's secrets and
 * state stay out of reach, sandboxed (bwrap) or not (the environment allowlist holds either way).
 */
class AgentReachEndToEndTest {
    @TempDir
    Path dir;
    FakeLlmServer llm;
    PiTestRuntime pi;
    TestGateway gw;
    Path dataDir;
    Path configFile;

    @BeforeEach
    void start() throws Exception {
        llm = new FakeLlmServer();
        // "call tool bash {...}" runs the command; the tool's output comes back as the answer
        llm.setResponder(request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            if ("tool".equals(last.path("role").asText())) {
                return Reply.text("OUT[" + text(last.path("content")).strip() + "]");
            }
            return FakeLlmServer.defaultReply(request);
        });
        pi = PiTestRuntime.create(llm);
        dataDir = Files.createDirectories(dir.resolve("data"));
        configFile = dir.resolve("config").resolve("pi-gateway.jsonc");
        Files.createDirectories(configFile.getParent());
        Files.writeString(dataDir.resolve("gateway-token"), "token-the-agent-must-not-read");
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
        pi.close();
        llm.close();
    }

    private void startGateway(String sandbox) throws Exception {
        // the config reads XAI_API_KEY: a variable the config used is never handed to the agent
        gw = TestGateway.start(pi, dataDir, 1, 1, "", "\"sandbox\": \"" + sandbox + "\",",
                "\"channels\": { \"discord\": { \"enabled\": false, \"token\": \"${XAI_API_KEY}\" } }", configFile);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(part -> sb.append(part.path("text").asText()));
        return sb.toString();
    }

    private String bash(String command) {
        JsonNode answer = gw.chat("call tool bash {\"command\":" + TestGateway.quote(command) + "}", "agent:main:reach");
        assertThat(answer.path("_status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.path("reply").asText();
    }

    @Test
    void unsandboxedAgentInheritsOnlyTheAllowlistedEnvironment() throws Exception {
        startGateway("none");
        // the gateway's state is private to its user, sandbox or not
        for (Path p : new Path[] {dataDir, dataDir.resolve("sessions")}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                    .as(p.toString()).isEqualTo("rwx------");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("gateway-token")))).isEqualTo("rw-------");
        String env = bash("env");
        assertThat(env).contains("PATH=", "PI_GW_CANARY_FREE=visible-to-the-agent")
                .doesNotContain("canary-gateway-secret", "GATEWAY_CANARY_SECRET", "canary-substituted-key");
    }

    @Test
    void sandboxedAgentSeesNoneOfTheGatewaysStateButStillWorks() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        startGateway("bwrap");
        Path workspace = pi.workDir();

        assertThat(bash("cat " + dataDir.resolve("gateway-token") + " 2>&1; echo rc=$?"))
                .doesNotContain("token-the-agent-must-not-read").contains("rc=1");
        assertThat(bash("ls -A " + dataDir + " | tr '\\n' ' '; echo end")).doesNotContain("state.db", "gateway-token");
        assertThat(bash("cat " + dataDir.resolve("state.db") + " 2>&1 | head -c 200; echo")).doesNotContain("SQLite");
        assertThat(bash("cat " + configFile + " 2>&1; echo rc=$?")).doesNotContain("fake-echo", "piCliPath");
        assertThat(bash("cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c CANARY; true"))
                .doesNotContain("canary-gateway-secret");
        assertThat(bash("ls /proc | grep -c '^[0-9]'")).as("only the sandbox's own processes").matches("OUT\\[[1-9]\\]");
        assertThat(bash("id -u; echo written > made-by-agent.txt && cat made-by-agent.txt")).contains("written");
        assertThat(Files.readString(workspace.resolve("made-by-agent.txt"))).isEqualTo("written\n");
        assertThat(bash("touch /usr/agent-was-here 2>&1; echo rc=$?")).contains("rc=1");
    }
}
