package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.config.AgentConfig;
import io.pigateway.config.ConfigLoader;
import io.pigateway.rpc.PiProcessSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentReachTest {
    @TempDir
    Path dir;

    private AgentConfig agent(String extra) {
        return ConfigLoader.parse("{ \"agent\": { " + extra + " \"workspaceDir\": \"" + dir.resolve("ws") + "\" } }",
                Map.of()).agent();
    }

    @Test
    void userModeRunsPiAsTheConfiguredUserAndNeedsOne() {
        AgentReach reach = new AgentReach(agent("\"sandbox\": \"user\", \"sandboxUser\": \"piagent\","),
                Path.of("/opt/pi/bin/pi"), dir.resolve("data"), List.of(), Set.of(), null);
        PiProcessSpec spec = reach.confine(new PiProcessSpec(List.of("/opt/pi/bin/pi", "--mode", "rpc"), Map.of(), null));
        assertThat(spec.command()).startsWith("runuser", "-u", "piagent", "--", "/opt/pi/bin/pi");
        assertThat(spec.workingDir()).isEqualTo(dir.resolve("ws"));
        assertThat(spec.inherited()).isNotNull(); // the environment allowlist applies in every mode

        assertThatThrownBy(() -> AgentReach.resolve(agent("\"sandbox\": \"user\",")))
                .hasMessageContaining("agent.sandboxUser");
    }

    @Test
    void noneRunsPiAsIsButStillFiltersItsEnvironment() {
        AgentReach reach = new AgentReach(agent("\"sandbox\": \"none\","), Path.of("pi"), dir.resolve("data"),
                List.of(Path.of("/x/ext.ts")), Set.of("HOOKS_TOKEN"), null);
        PiProcessSpec spec = reach.confine(new PiProcessSpec(List.of("pi", "--mode", "rpc"), Map.of(), null));
        assertThat(spec.command()).containsExactly("pi", "--mode", "rpc", "--extension", "/x/ext.ts");
        assertThat(spec.inherited().passes("HOOKS_TOKEN")).isFalse();
        assertThat(spec.inherited().passes("PATH")).isTrue();
    }

    @Test
    void bwrapBindsEachProcesssTranscriptSlotNotTheSessionsFolder() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.pigateway.rpc.BwrapSandbox.available(), "no bubblewrap here");
        Path data = dir.resolve("data");
        PiProcessSpec spec = new AgentReach(agent("\"sandbox\": \"bwrap\","), Path.of("/opt/pi/bin/pi"), data, List.of(),
                Set.of(), null).confine(new PiProcessSpec(List.of("/opt/pi/bin/pi", "--mode", "rpc"), Map.of(), null));
        assertThat(spec.slotsDir()).isEqualTo(data.toAbsolutePath().resolve("sessions/.slots"));
        String script = String.join(" ", spec.command());
        assertThat(script).contains("--bind \"$" + io.pigateway.rpc.SessionSlots.ENV_SLOT_DIR + "\"")
                .doesNotContain("'" + data.toAbsolutePath().resolve("sessions") + "'");

        PiProcessSpec none = new AgentReach(agent("\"sandbox\": \"none\","), Path.of("pi"), data, List.of(), Set.of(), null)
                .confine(new PiProcessSpec(List.of("pi", "--mode", "rpc"), Map.of(), null));
        assertThat(none.slotsDir()).as("unsandboxed: transcripts stay where they are").isNull();
    }

    @Test
    void theSandboxBindsPisWholeInstallNotJustTheBinLink() throws Exception {
        Path pkg = dir.resolve("runtime");
        Path cli = java.nio.file.Files.createDirectories(pkg.resolve("node_modules/pi-coding-agent/dist"))
                .resolve("cli.js");
        java.nio.file.Files.writeString(cli, "");
        Path bin = java.nio.file.Files.createDirectories(pkg.resolve("node_modules/.bin")).resolve("pi");
        java.nio.file.Files.createSymbolicLink(bin, cli);
        assertThat(AgentReach.installRoot(bin)).isEqualTo(pkg);
        assertThat(AgentReach.installRoot(Path.of("/usr/local/bin/pi"))).isEqualTo(Path.of("/usr/local/bin"));
    }

    @Test
    void customProvidersKeyVariablesFromModelsJsonPass() throws Exception {
        Path models = java.nio.file.Files.writeString(dir.resolve("models.json"), """
                { "providers": { "corp": { "apiKey": "CORP_LLM_KEY" }, "lit": { "apiKey": "sk-literal-key" } } }
                """);
        assertThat(AgentReach.modelsJsonKeyVariables(models)).containsExactly("CORP_LLM_KEY");
        assertThat(AgentReach.modelsJsonKeyVariables(dir.resolve("none.json"))).isEmpty();
    }
}
