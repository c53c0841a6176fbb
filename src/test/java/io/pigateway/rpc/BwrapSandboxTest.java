package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BwrapSandboxTest {

    @Test
    void hidesFirstThenReExposesAndRunsPiUnderAPrivateUmask() {
        BwrapSandbox box = new BwrapSandbox(List.of(Path.of("/data")), List.of(Path.of("/etc/gw.jsonc")),
                List.of(Path.of("/ws"), Path.of("/data/sessions")), List.of(Path.of("/data/extensions")));
        List<String> argv = box.wrap(List.of("pi", "--mode", "rpc"));

        assertThat(argv).startsWith("bwrap", "--ro-bind", "/", "/")
                .containsSubsequence("--unshare-pid", "--die-with-parent", "--new-session")
                .containsSubsequence("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp")
                .containsSubsequence("--tmpfs", "/data", "--ro-bind", "/dev/null", "/etc/gw.jsonc",
                        "--ro-bind", "/data/extensions", "/data/extensions",
                        "--bind", "/ws", "/ws", "--bind", "/data/sessions", "/data/sessions")
                .endsWith("--", "sh", "-c", "umask 077; exec \"$@\"", "sh", "pi", "--mode", "rpc");
        assertThat(argv).doesNotContain("--unshare-net"); // the agent needs its LLM and the tools bridge
    }

    @Test
    void perProcessFoldersNamedInTheEnvironmentAreBoundByAShellAtSpawn() throws Exception {
        BwrapSandbox box = new BwrapSandbox(List.of(Path.of("/data")), List.of(), List.of(Path.of("/ws")), List.of(),
                List.of("SLOT_DIR", "HANDOVER_DIR"));
        List<String> argv = box.wrap(List.of("pi", "--mode", "rpc"));
        assertThat(argv).startsWith("sh", "-c").endsWith("sh", "pi", "--mode", "rpc");
        String script = argv.get(2);
        assertThat(script).contains("--bind \"$HANDOVER_DIR\" \"$HANDOVER_DIR\"", "--bind \"$SLOT_DIR\" \"$SLOT_DIR\"",
                "'--tmpfs' '/data'", "'--bind' '/ws' '/ws'", "'umask 077; exec \"$@\"'");
        if (BwrapSandbox.available()) {
            // the real thing: the folders from the environment are writable inside, what hides them
            // stays hidden, and an unset variable binds nothing
            Path data = java.nio.file.Files.createTempDirectory("data");
            Path slot = java.nio.file.Files.createDirectories(data.resolve("sessions/.slots/main/1"));
            java.nio.file.Files.writeString(data.resolve("sessions/other.jsonl"), "secret");
            Path own = java.nio.file.Files.createTempDirectory("handover");
            List<String> probe = new java.util.ArrayList<>(new BwrapSandbox(List.of(data), List.of(), List.of(), List.of(),
                    List.of("SLOT_DIR", "HANDOVER_DIR", "UNSET_DIR")).wrap(List.of("sh", "-c",
                    "echo ok > \"$HANDOVER_DIR/f\" && echo ok > \"$SLOT_DIR/t\" && ls -A \"$1\"", "sh",
                    data.resolve("sessions").toString())));
            ProcessBuilder pb = new ProcessBuilder(probe).redirectErrorStream(true);
            pb.environment().put("HANDOVER_DIR", own.toString());
            pb.environment().put("SLOT_DIR", slot.toString());
            pb.environment().remove("UNSET_DIR");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out.strip()).isEqualTo(".slots");
            assertThat(own.resolve("f")).hasContent("ok");
            assertThat(slot.resolve("t")).hasContent("ok");
        }
    }

    @Test
    void piAgentDirIsPrivatePerProcessExceptAuthJson() throws Exception {
        BwrapSandbox box = new BwrapSandbox(List.of(), List.of(), List.of(), List.of(), List.of(),
                new PrivateAgentDir(Path.of("/home/u/.pi/agent")));
        assertThat(box.wrap(List.of("pi"))).startsWith("sh", "-c").endsWith("sh", "pi");
        assertThat(box.wrap(List.of("pi")).get(2)).contains("d='/home/u/.pi/agent'", "--tmpfs \"$d\"");
        if (!BwrapSandbox.available()) {
            return;
        }
        Path agent = Files.createTempDirectory("agent");
        Files.writeString(agent.resolve("settings.json"), "{\"retry\":{\"maxRetries\":1}}");
        Files.writeString(agent.resolve("models.json"), "{}");
        Files.writeString(agent.resolve("auth.json"), "{}");
        Files.createDirectories(agent.resolve("extensions"));
        Files.createDirectories(agent.resolve("auth.json.lock")); // left by a pi that died holding it
        // the gateway's mounts still hold inside the agent dir: a hidden config, a writable workspace
        Files.writeString(agent.resolve("gw.jsonc"), "secret");
        Path ws = Files.createDirectories(agent.resolve("ws"));
        String a = agent.toString();
        String out = run(new BwrapSandbox(List.of(), List.of(agent.resolve("gw.jsonc")), List.of(ws), List.of(),
                List.of(), new PrivateAgentDir(agent)), String.join("; ",
                "cat " + a + "/settings.json; echo",
                "mkdir " + a + "/settings.json.lock && echo locked",             // what pi does to read it
                "echo '{\"extensions\":[\"/tmp/x.ts\"]}' > " + a + "/settings.json && echo private-write",
                "(echo '{}' > " + a + "/models.json) 2>/dev/null || echo models-ro",
                "touch " + a + "/extensions/x.ts 2>/dev/null || echo extensions-ro",
                "mkdir " + a + "/auth.json.lock && echo auth-lockable",
                "echo '{\"k\":1}' > " + a + "/auth.json && echo auth-written",
                "stat -c %a " + a + " " + a + "/settings.json",
                "cat " + a + "/gw.jsonc 2>/dev/null; echo hidden",
                "echo w > " + a + "/ws/w && echo ws-writable"));
        assertThat(out.lines()).containsExactly("{\"retry\":{\"maxRetries\":1}}", "locked", "private-write",
                "models-ro", "extensions-ro", "auth-lockable", "auth-written", "700", "600", "hidden", "ws-writable");
        // the real dir: settings and models as they were, the login written through, no lock left
        assertThat(agent.resolve("settings.json")).hasContent("{\"retry\":{\"maxRetries\":1}}");
        assertThat(agent.resolve("models.json")).hasContent("{}");
        assertThat(agent.resolve("auth.json")).hasContent("{\"k\":1}");
        assertThat(agent.resolve("settings.json.lock")).doesNotExist();
        assertThat(agent.resolve("extensions")).isEmptyDirectory();
    }

    private static String run(BwrapSandbox box, String script) throws Exception {
        Process p = new ProcessBuilder(box.wrap(List.of("sh", "-c", script))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
