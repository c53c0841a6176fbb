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
}
