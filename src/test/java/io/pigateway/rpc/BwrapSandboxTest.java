package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aPerProcessFolderNamedInTheEnvironmentIsBoundByAShellAtSpawn() throws Exception {
        BwrapSandbox box = new BwrapSandbox(List.of(Path.of("/data")), List.of(), List.of(Path.of("/ws")), List.of(),
                "HANDOVER_DIR");
        List<String> argv = box.wrap(List.of("pi", "--mode", "rpc"));
        assertThat(argv).startsWith("sh", "-c").endsWith("sh", "pi", "--mode", "rpc");
        String script = argv.get(2);
        assertThat(script).contains("D=\"$HANDOVER_DIR\"", "--bind \"$D\" \"$D\"", "'--tmpfs' '/data'",
                "'--bind' '/ws' '/ws'", "'umask 077; exec \"$@\"'");
        if (BwrapSandbox.available()) {
            // the real thing: the folder from the environment is writable inside, /data stays hidden
            Path own = java.nio.file.Files.createTempDirectory("handover");
            List<String> probe = new java.util.ArrayList<>(new BwrapSandbox(List.of(), List.of(), List.of(), List.of(),
                    "HANDOVER_DIR").wrap(List.of("sh", "-c", "echo ok > \"$HANDOVER_DIR/f\"")));
            ProcessBuilder pb = new ProcessBuilder(probe).redirectErrorStream(true);
            pb.environment().put("HANDOVER_DIR", own.toString());
            Process p = pb.start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
            assertThat(own.resolve("f")).hasContent("ok");
        }
    }
}
