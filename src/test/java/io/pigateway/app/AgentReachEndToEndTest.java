package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.rpc.BwrapSandbox;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
        llm.setResponder(AgentReachEndToEndTest::toolOutputOrEcho);
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

    private static Reply toolOutputOrEcho(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            return Reply.text("OUT[" + text(last.path("content")).strip() + "]");
        }
        return FakeLlmServer.defaultReply(request);
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
        return bash(command, "agent:main:reach");
    }

    private String bash(String command, String sessionKey) {
        JsonNode answer = gw.chat("call tool bash {\"command\":" + TestGateway.quote(command) + "}", sessionKey);
        assertThat(answer.path("_status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.path("reply").asText();
    }

    private String historyOf(String sessionKey) {
        return gw.get("/api/session/" + sessionKey, true).body();
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

    @Test
    void sandboxedAgentReadsNoOtherSessionsTranscriptYetItsOwnHistoryCarriesOn() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        startGateway("bwrap"); // one pi process: the one that served alice also serves bob
        String alice = "agent:main:alice";
        String bob = "agent:main:bob";
        assertThat(gw.chat("my password is hunter2-alice", alice).path("reply").asText())
                .isEqualTo("echo: my password is hunter2-alice");
        Path sessions = dataDir.resolve("sessions");
        Path aliceFile = Path.of(gw.runtime().service().session(alice).orElseThrow().sessionFile());
        assertThat(aliceFile.getParent()).isEqualTo(sessions);
        // the answer comes at agent_end; the transcript goes home when pi confirmed the run is over
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(aliceFile));
        assertThat(Files.readString(aliceFile)).contains("hunter2-alice");

        // bob's agent, on the process that served alice: her transcript is nowhere in its reach
        assertThat(bash("cat " + aliceFile + " 2>&1; echo rc=$?", bob)).doesNotContain("hunter2").contains("rc=1");
        assertThat(bash("ls -A " + sessions + " | tr '\\n' ' '; echo end", bob)).isEqualTo("OUT[.slots end]");
        // (spelled in two parts: bob's own transcript holds this very command)
        assertThat(bash("grep -rl 'hunter2-al''ice' " + dataDir + " 2>/dev/null; echo end", bob)).isEqualTo("OUT[end]");
        // ... only bob's own transcript, in its own slot (the first of bob's turns has been written)
        String slot = bash("ls -A \"$(dirname \"$PI_GATEWAY_SESSION_SLOT\")\"; ls -A \"$PI_GATEWAY_SESSION_SLOT\"", bob);
        assertThat(slot).contains(Path.of(gw.runtime().service().session(bob).orElseThrow().sessionFile())
                .getFileName().toString()).doesNotContain(aliceFile.getFileName().toString());

        // bob's own history continues across turns: pi sent the LLM bob's earlier turns
        llm.clearRequests();
        assertThat(gw.chat("and now?", bob).path("reply").asText()).isEqualTo("echo: and now?");
        assertThat(llm.requests().get(0).path("messages").toString()).contains("OUT[.slots end]", "OUT[end]")
                .doesNotContain("my password is");
        // and both histories are there for the API (the transcripts went home after each turn)
        assertThat(historyOf(alice)).contains("my password is hunter2-alice");
        assertThat(historyOf(bob)).contains("and now?", "echo: and now?", "OUT[.slots end]");
        assertThat(Files.exists(aliceFile)).isTrue();
    }

    @Test
    void aBackgroundProcessLeftByOneSessionDoesNotSeeTheNextSessionsTranscript() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        llm.setResponder(request -> FakeLlmServer.lastUserText(request).startsWith("slowly")
                ? FakeLlmServer.defaultReply(request).delayed(500) : FakeLlmServer.defaultReply(request));
        startGateway("bwrap");
        assertThat(gw.chat("my password is hunter2-alice", "agent:main:alice").path("_status").asInt()).isEqualTo(200);
        // mallory's agent leaves a watcher behind in the sandbox of the (only) pi process: without
        // PiProcess.endStrays it printed alice's transcript while her next turn had it in the slot
        Path leak = pi.workDir().resolve("leak.txt");
        bash("nohup sh -c 'while true; do echo tick >> " + leak + "; cat \"$PI_GATEWAY_SESSION_SLOT\"/* >> " + leak
                + " 2>/dev/null; sleep 0.02; done' > /dev/null 2>&1 & echo started", "agent:main:mallory");
        Thread.sleep(200);
        assertThat(gw.chat("slowly: what was it?", "agent:main:alice").path("_status").asInt()).isEqualTo(200);
        String seen = Files.readString(leak);
        assertThat(seen).as("the watcher ran").contains("tick").doesNotContain("hunter2-alice");
        long size = Files.size(leak);
        Thread.sleep(200);
        assertThat(Files.size(leak)).as("and was ended when alice's turn took the process").isEqualTo(size);
    }

    @Test
    void whileATurnRunsItsTranscriptIsStillFoundForTheHistory() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        String[] midTurn = new String[1];
        llm.setResponder(request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            if ("tool".equals(last.path("role").asText())) {
                midTurn[0] = historyOf("agent:main:carol"); // the turn is running: pi waits for this answer
                return Reply.text("OUT[" + text(last.path("content")).strip() + "]");
            }
            return FakeLlmServer.defaultReply(request);
        });
        startGateway("bwrap");
        assertThat(gw.chat("remember the first turn", "agent:main:carol").path("_status").asInt()).isEqualTo(200);
        assertThat(bash("echo second", "agent:main:carol")).isEqualTo("OUT[second]");
        assertThat(midTurn[0]).contains("remember the first turn", "echo: remember the first turn");
    }

    @Test
    void sandboxedPiHonoursSettingsJsonYetTheAgentCannotChangeWhatOtherProcessesLoad() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        // one retry after a failed request: pi's default is 3, each after seconds of backoff
        Path settings = pi.agentDir().resolve("settings.json");
        Path models = pi.agentDir().resolve("models.json");
        String settingsJson = "{\"retry\":{\"enabled\":true,\"maxRetries\":1,\"baseDelayMs\":10,"
                + "\"provider\":{\"maxRetries\":0}}}";
        Files.writeString(settings, settingsJson);
        String modelsJson = Files.readString(models);
        llm.setResponder(request -> FakeLlmServer.lastUserText(request).startsWith("fail")
                ? Reply.error(500) : toolOutputOrEcho(request));
        // pi's stderr, logged at INFO (the tests log WARN and up)
        ListAppender<ILoggingEvent> stderr = new ListAppender<>();
        Logger piStderr = (Logger) LoggerFactory.getLogger("io.pigateway.rpc.pi-stderr");
        stderr.start();
        piStderr.addAppender(stderr);
        piStderr.setLevel(Level.INFO);
        piStderr.setAdditive(false);
        try {
            startGateway("bwrap");
            llm.clearRequests();
            gw.chat("fail, please", "agent:main:retry");
            // pi printed "Warning: (runtime creation, global settings) EROFS: ..." and ran on defaults
            assertThat(List.copyOf(stderr.list)).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains("EROFS"));
            assertThat(llm.requestCount()).as("the request and settings.json's one retry").isEqualTo(2);

            // the agent writes pi's settings (an extension every new pi would load) and models: its
            // own process's copy changes at most, the files other processes load do not
            String agentDir = pi.agentDir().toString();
            assertThat(bash("echo '{\"extensions\":[\"/tmp/evil.ts\"]}' > " + agentDir + "/settings.json; echo rc=$?"))
                    .contains("rc=0");
            assertThat(bash("(echo '{}' > " + agentDir + "/models.json) 2>&1; echo rc=$?"))
                    .contains("Read-only file system", "rc=1");
            assertThat(bash("(mkdir " + agentDir + "/extensions) 2>&1; ls " + agentDir + "; echo end"))
                    .doesNotContain("evil");
            assertThat(settings).hasContent(settingsJson);
            assertThat(models).hasContent(modelsJson);
            assertThat(pi.agentDir().resolve("extensions")).doesNotExist();
        } finally {
            piStderr.detachAppender(stderr);
            piStderr.setLevel(null);
            piStderr.setAdditive(true);
        }
    }

    @Test
    void sandboxedPiReadsTheKeyInAuthJson() throws Exception {
        assumeTrue(BwrapSandbox.available(), "bubblewrap is not installed (CI installs it)");
        // a key stored in auth.json (as "pi /login" does) wins over models.json's apiKey; in a
        // read-only agent dir pi could not lock auth.json to read it and sent models.json's
        Files.writeString(pi.agentDir().resolve("auth.json"), "{\"fake\":{\"type\":\"api_key\",\"key\":\"key-from-auth\"}}");
        startGateway("bwrap");
        assertThat(gw.chat("hello", "agent:main:auth").path("reply").asText()).isEqualTo("echo: hello");
        assertThat(llm.lastAuthorization()).isEqualTo("Bearer key-from-auth");
    }
}
