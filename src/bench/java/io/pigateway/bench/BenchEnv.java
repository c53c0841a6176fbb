package io.pigateway.bench;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** What the scenarios share: the repo, a work dir, the BenchPi launcher script, agent config snippets. */
final class BenchEnv {
    final Path repo;
    final Path work;
    final Path benchPi;

    BenchEnv(Path repo) throws Exception {
        this.repo = repo;
        this.work = Files.createTempDirectory("pi-gw-bench");
        this.benchPi = work.resolve("bench-pi");
        // the fake pi is a small JVM; its own cost is outside the gateway process we measure
        Files.writeString(benchPi, "#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx64m -Xss512k"
                + " -cp '" + System.getProperty("java.class.path") + "' " + BenchPi.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(benchPi, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** {@code agent} fields for the fast fake pi. */
    String fakeAgent(int min, int max, String extra) {
        return """
                "piCliPath": "%s", "model": "fake/fake-echo", "workspaceDir": "%s",
                "pool": { "min": %d, "max": %d, "idleTimeoutMs": 600000 }, "turnTimeoutMs": 120000 %s
                """.formatted(benchPi, work.resolve("ws"), min, max, extra == null ? "" : ", " + extra);
    }

    /**
     * {@code agent} fields for the real pi against {@code rt}'s fake LLM. Unsandboxed: the overhead
     * baseline re-runs the gateway pi's own command line, and a sandboxed one binds folders that
     * belong to that one process (its transcript slot, secret and private agent dir).
     */
    static String realAgent(PiTestRuntime rt, int min, int max) {
        return """
                "piCliPath": "%s", "model": "fake/fake-echo", "workspaceDir": "%s", "runtime": { "agentDir": "%s" }, "sandbox": "none",
                "pool": { "min": %d, "max": %d, "idleTimeoutMs": 600000 }, "turnTimeoutMs": 120000
                """.formatted(rt.piCli(), rt.workDir(), rt.agentDir(), min, max);
    }

    static Map<String, String> realEnv() {
        return Map.of("PI_OFFLINE", "1");
    }

    /** A fake LLM whose answer proves which history it saw: {@code n=<user messages>: <last user text>}. */
    static FakeLlmServer historyLlm() {
        FakeLlmServer llm = new FakeLlmServer();
        llm.setResponder(request -> {
            int users = 0;
            for (var m : request.path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    users++;
                }
            }
            return FakeLlmServer.Reply.text("n=" + users + ": " + FakeLlmServer.lastUserText(request));
        });
        return llm;
    }
}
